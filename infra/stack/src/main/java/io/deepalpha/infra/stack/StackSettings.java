package io.deepalpha.infra.stack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the local stack lives and which loopback ports it uses. A port of 0 means "the port used
 * last time in this work directory, else any free one".
 *
 * @param workDir everything the stack writes: data, logs, secrets, state
 * @param kafkaPort Kafka broker listener (PLAINTEXT)
 * @param controllerPort Kafka KRaft controller listener
 * @param postgresPort PostgreSQL
 * @param influxPort InfluxDB HTTP API
 * @param influxRpcPort InfluxDB backup/restore RPC
 * @param startTimeout how long each service may take to become ready
 */
public record StackSettings(
    Path workDir,
    int kafkaPort,
    int controllerPort,
    int postgresPort,
    int influxPort,
    int influxRpcPort,
    Duration startTimeout) {

  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);

  /** Every port chosen freely (integration tests). */
  public static StackSettings anyPorts(Path workDir) {
    return new StackSettings(workDir.toAbsolutePath(), 0, 0, 0, 0, 0, DEFAULT_START_TIMEOUT);
  }

  public Path kafkaDir() {
    return workDir.resolve("kafka");
  }

  public Path postgresDir() {
    return workDir.resolve("postgres");
  }

  public Path influxDir() {
    return workDir.resolve("influxdb");
  }

  public Path secretsDir() {
    return workDir.resolve("secrets");
  }

  public Path stateFile() {
    return workDir.resolve("stack.json");
  }

  public Path endpointsFile() {
    return workDir.resolve("endpoints.env");
  }
}
