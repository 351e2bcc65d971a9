package io.deepalpha.infra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How clients reach the running stack. Written to {@code endpoints.env} (shell syntax, so scripts
 * can {@code source} it); passwords are referenced by file, never written there.
 */
public record StackEndpoints(
    String kafkaBootstrap,
    String postgresJdbcUrl,
    String postgresUser,
    Path postgresPasswordFile,
    String influxUrl,
    String influxDatabase,
    String influxUser,
    Path influxPasswordFile) {

  public static final String DATABASE = "deepalpha";
  public static final String USER = "deepalpha";

  public String postgresPassword() {
    return Secrets.readOrCreate(postgresPasswordFile);
  }

  public String influxPassword() {
    return Secrets.readOrCreate(influxPasswordFile);
  }

  Map<String, String> asEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
    env.put("POSTGRES_JDBC_URL", postgresJdbcUrl);
    env.put("POSTGRES_USER", postgresUser);
    env.put("POSTGRES_PASSWORD_FILE", postgresPasswordFile.toString());
    env.put("INFLUX_URL", influxUrl);
    env.put("INFLUX_DATABASE", influxDatabase);
    env.put("INFLUX_USER", influxUser);
    env.put("INFLUX_PASSWORD_FILE", influxPasswordFile.toString());
    return env;
  }

  void write(Path file) {
    StringBuilder text =
        new StringBuilder("# DeepAlpha local stack endpoints; source this file.\n");
    asEnv()
        .forEach((k, v) -> text.append("export ").append(k).append("='").append(v).append("'\n"));
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Reads an {@code endpoints.env} written by {@link #write}. */
  public static StackEndpoints read(Path file) {
    Properties p = new Properties();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith("export ")) {
          String kv = line.substring("export ".length());
          int eq = kv.indexOf('=');
          p.setProperty(kv.substring(0, eq), kv.substring(eq + 1).replace("'", ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stack endpoints " + file, e);
    }
    return new StackEndpoints(
        p.getProperty("KAFKA_BOOTSTRAP_SERVERS"),
        p.getProperty("POSTGRES_JDBC_URL"),
        p.getProperty("POSTGRES_USER"),
        Path.of(p.getProperty("POSTGRES_PASSWORD_FILE")),
        p.getProperty("INFLUX_URL"),
        p.getProperty("INFLUX_DATABASE"),
        p.getProperty("INFLUX_USER"),
        Path.of(p.getProperty("INFLUX_PASSWORD_FILE")));
  }
}
