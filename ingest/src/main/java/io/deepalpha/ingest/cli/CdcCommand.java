package io.deepalpha.ingest.cli;

import io.deepalpha.ingest.cdc.CdcMetrics;
import io.deepalpha.ingest.cdc.CdcSettings;
import io.deepalpha.ingest.cdc.ConfigCdc;
import io.deepalpha.ingest.cdc.KafkaOutageException;
import io.deepalpha.ingest.cdc.SourceCheck;
import io.deepalpha.ingest.health.HealthEndpoints;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ingest cdc}: the live-config tables into the compacted config.* topics (Debezium). */
@Command(
    name = "cdc",
    mixinStandardHelpOptions = true,
    description = {
      "Stream changes of the live-config tables (instruments, strategies, risk_limits) into"
          + " config.instruments, config.strategies and config.risk_limits with the Debezium"
          + " embedded engine (pgoutput). Offsets are kept in --state-dir and written only after"
          + " Kafka acknowledged the changes. Runs until stopped (SIGTERM stops it cleanly).",
      "The password comes from the environment: POSTGRES_PASSWORD_FILE (a file holding it) or"
          + " POSTGRES_PASSWORD. It is never logged."
    })
final class CdcCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(CdcCommand.class);
  static final String PASSWORD_ENV = "POSTGRES_PASSWORD";
  static final String PASSWORD_FILE_ENV = "POSTGRES_PASSWORD_FILE";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--kafka",
      required = true,
      paramLabel = "BOOTSTRAP",
      description = "Kafka bootstrap servers.")
  String kafka;

  @Option(
      names = "--postgres-jdbc-url",
      required = true,
      paramLabel = "URL",
      description = "jdbc:postgresql://HOST[:PORT]/DATABASE of the live-config tables.")
  String jdbcUrl;

  @Option(
      names = "--postgres-user",
      required = true,
      paramLabel = "USER",
      description = "Role with REPLICATION and SELECT on the tables.")
  String user;

  @Option(
      names = "--state-dir",
      required = true,
      paramLabel = "DIR",
      description = "Keeps the engine's offsets (offsets.dat); keep it across restarts.")
  Path stateDir;

  @Option(
      names = "--slot",
      defaultValue = CdcSettings.DEFAULT_SLOT,
      description = "Replication slot name (default ${DEFAULT-VALUE}); one per CDC deployment.")
  String slot;

  @Option(
      names = "--publication",
      defaultValue = CdcSettings.DEFAULT_PUBLICATION,
      description = "Publication of the tables (default ${DEFAULT-VALUE}, from the migrations).")
  String publication;

  @Option(
      names = "--metrics-port",
      defaultValue = "9401",
      description = "Port of /metrics, /health and /ready (default ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--kafka-outage-limit",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "Exit with code 1 when Kafka stays unreachable this long (default ${DEFAULT-VALUE});"
              + " the offsets stay at the last change Kafka acknowledged, so the restart"
              + " resumes there.")
  long kafkaOutageLimitSeconds;

  /** The environment; tests replace it. */
  UnaryOperator<String> env = System::getenv;

  @Override
  public Integer call() throws Exception {
    CdcSettings settings = settings();
    Duration kafkaOutageLimit = kafkaOutageLimit();
    KafkaCheck.requireBroker(spec.commandLine(), kafka);
    try {
      SourceCheck.check(settings);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    CdcMetrics metrics = new CdcMetrics(new PrometheusRegistry());
    try (ConfigCdc cdc = new ConfigCdc(settings, metrics, kafkaOutageLimit);
        HTTPServer server = metrics.serve(metricsPort, health(cdc, metrics))) {
      Runtime.getRuntime().addShutdownHook(new Thread(cdc::close, "config-cdc-stop"));
      cdc.start();
      System.err.println(
          "config CDC "
              + jdbcUrl
              + " -> config.* on "
              + kafka
              + "; metrics on http://127.0.0.1:"
              + server.getPort()
              + " (/metrics, /health, /ready)");
      cdc.awaitTermination();
      return 0;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KafkaOutageException outage) {
        LOG.error("config CDC exits with 1 on a Kafka outage: {}", outage.getMessage());
      } else {
        LOG.error("config CDC stopped on an error (offsets of unpublished changes not written)", e);
      }
      return 1;
    }
  }

  private static HealthEndpoints health(ConfigCdc cdc, CdcMetrics metrics) {
    return new HealthEndpoints("ingest cdc")
        .check("engine", cdc::engineNotReadyReason)
        .check("kafka", cdc::kafkaNotReadyReason)
        .exposeOn(metrics.registry(), "ingest_cdc_ready");
  }

  Duration kafkaOutageLimit() {
    if (kafkaOutageLimitSeconds < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "--kafka-outage-limit: must be at least 1 second, got " + kafkaOutageLimitSeconds);
    }
    return Duration.ofSeconds(kafkaOutageLimitSeconds);
  }

  CdcSettings settings() {
    try {
      return new CdcSettings(
          kafka, jdbcUrl, user, password(), stateDir, slot, publication, CdcSettings.TABLES);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** POSTGRES_PASSWORD_FILE wins over POSTGRES_PASSWORD (the usual container-secret convention). */
  private String password() {
    String file = env.apply(PASSWORD_FILE_ENV);
    if (file != null && !file.isBlank()) {
      try {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException(
            PASSWORD_FILE_ENV + "=" + file + ": cannot read the password file (" + e + ")");
      }
    }
    String password = env.apply(PASSWORD_ENV);
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException(
          "no PostgreSQL password: set " + PASSWORD_FILE_ENV + " or " + PASSWORD_ENV);
    }
    return password;
  }
}
