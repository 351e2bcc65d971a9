package io.deepalpha.infra.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code up} left behind in the work directory ({@code stack.json}): the ports in use and the
 * identity of each server process, so that {@code status} and {@code down} work from any shell.
 */
public record StackState(
    int kafkaPort,
    int controllerPort,
    int postgresPort,
    int influxPort,
    int influxRpcPort,
    DetachedProcess kafka,
    DetachedProcess influx) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static Optional<StackState> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), StackState.class));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read stack state " + file + ": delete it and retry", e);
    }
  }

  void write(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write stack state " + file, e);
    }
  }

  StackState withKafka(DetachedProcess process) {
    return new StackState(
        kafkaPort, controllerPort, postgresPort, influxPort, influxRpcPort, process, influx);
  }

  StackState withInflux(DetachedProcess process) {
    return new StackState(
        kafkaPort, controllerPort, postgresPort, influxPort, influxRpcPort, kafka, process);
  }
}
