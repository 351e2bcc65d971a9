package io.deepalpha.infra.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.LocalStack;
import io.deepalpha.infra.stack.ServiceStatus;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.json.JsonLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The product's first impression, end to end on real services: the orchestrator starts the
 * simulator, ingest, the Flink jobs with both sinks and the paper executor as processes built by
 * this reactor, against the test stack's Kafka, PostgreSQL and InfluxDB.
 */
@WithLocalStack
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
  private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
  private static final Path HOME = Path.of("target/pipeline-it").toAbsolutePath();
  private static final List<String> INSTRUMENTS = List.of("BTC-USDT", "ETH-USDT");
  private static final List<String> VENUES = List.of("BINANCE", "OKX", "BYBIT", "COINBASE");

  // Above the default 3 bps: enough OKX–Bybit opportunities (20 bps of fees) for the replay.
  private static final double NOISE_BPS = 8.0;

  private static Path recording;

  @Test
  @Order(1)
  void aDemoRunEndsWithEverySignalAnsweredAndTheDatabasesEqualToKafka(
      StackEndpoints endpoints, LocalStack stack) throws IOException {
    // While the market runs, an operator raises a risk limit in PostgreSQL.
    Runnable raiseLimit =
        () -> {
          sleep(10_000);
          try (Connection c =
                  DriverManager.getConnection(
                      endpoints.postgresJdbcUrl(),
                      endpoints.postgresUser(),
                      endpoints.postgresPassword());
              Statement s = c.createStatement()) {
            s.executeUpdate(
                "UPDATE risk_limits SET halt_value = 0.2 WHERE scope = 'INSTRUMENT'"
                    + " AND scope_key = 'BTC-USDT' AND metric = 'position'");
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        };
    RunSummary run =
        run(endpoints, stack, "live", VENUES, Duration.ofSeconds(40), List.of(), true, raiseLimit);

    assertThat(run.configChanges())
        .as("the UPDATE reached config.risk_limits through Debezium during the run")
        .containsKey("risk_limits");
    assertThat(run.configChanges().get("risk_limits"))
        .startsWith("INSTRUMENT|BTC-USDT|position UPDATE v");
    assertThat(run.executorConfigChanges())
        .as("config records the executor applied (snapshot rows and the UPDATE)")
        .isPositive();

    assertThat(run.eventsByVenue().keySet()).containsExactlyInAnyOrderElementsOf(VENUES);
    run.eventsByVenue()
        .forEach((venue, counts) -> assertThat(counts[0]).as("%s quotes", venue).isPositive());
    assertThat(run.deadLetters()).as("dead letters from the simulator's valid frames").isZero();
    assertThat(run.signals()).as("signals from the synthetic market's opportunities").isNotEmpty();
    assertThat(run.signalsWithOutcome())
        .as("every signal ends in an outcome on exec.orders")
        .isEqualTo(run.signals().size());
    long orders = run.ordersByStatus().values().stream().mapToLong(Long::longValue).sum();
    assertThat(orders).isGreaterThanOrEqualTo(run.signals().size());

    assertThat(run.postgres().error()).isNull();
    assertThat(run.postgres().signals()).isEqualTo(run.signals().size());
    assertThat(run.postgres().orderRows()).isEqualTo(run.orderRecords());
    assertThat(run.postgres().fills()).isEqualTo(run.fills());
    assertThat(run.postgres().spreadStats()).isPositive();

    assertThat(run.influxPoints())
        .as("InfluxDB measurements written during the run")
        .containsKeys("quotes", "spreads", "opportunities", "order_latency");
    assertThat(run.influxPoints().get("opportunities")).isPositive();
    assertThat(run.peakMemoryBytes()).isPositive();
    assertThat(run.ordersByStatus()).doesNotContainKey(OrderStatus.UNKNOWN);

    assertThat(executeNotebooks(endpoints, HOME.resolve(run.runId())))
        .as("notebooks/run.sh over the demo run's InfluxDB (log: %s)", HOME.resolve(run.runId()))
        .isZero();

    recording = HOME.resolve(run.runId()).resolve("recording");
    try (Stream<Path> files = Files.list(recording)) {
      assertThat(files.map(p -> p.getFileName().toString().split("[.-]")[0]).distinct())
          .as("one recording per venue")
          .containsExactlyInAnyOrderElementsOf(VENUES);
    }
  }

  @Test
  @Order(2)
  void theSameRecordedMarketGivesTheSameSignalsTwice(StackEndpoints endpoints, LocalStack stack)
      throws IOException {
    assertThat(recording).as("the demo run recorded its market").isNotNull();
    // Binance's bookTicker carries no exchange time: ingest stamps those quotes when it receives
    // them, so a replay through the live path gives them new times. The venues that send their
    // own event time replay to the same quotes, and so to the same signals.
    List<String> venues = List.of("OKX", "BYBIT", "COINBASE");
    List<Path> files;
    try (Stream<Path> list = Files.list(recording)) {
      files =
          list.filter(p -> venues.contains(p.getFileName().toString().split("\\.")[0]))
              .sorted()
              .toList();
    }
    RunSummary first =
        run(endpoints, stack, "replay-1", venues, Duration.ofSeconds(50), files, false, () -> {});
    RunSummary second =
        run(endpoints, stack, "replay-2", venues, Duration.ofSeconds(50), files, false, () -> {});

    assertThat(first.signals()).isNotEmpty();
    assertThat(lines(second.signals()))
        .as("signal ids and values of the second replay")
        .isEqualTo(lines(first.signals()));
  }

  /**
   * The analysts' notebooks, executed headless against this run's InfluxDB: the runner fails when a
   * cell fails or a figure is empty. Executed copies go to the run directory, not to git.
   */
  private static int executeNotebooks(StackEndpoints endpoints, Path runDir) {
    try {
      ProcessBuilder pb =
          new ProcessBuilder(
                  "notebooks/run.sh",
                  "--out",
                  runDir.resolve("notebooks").toString(),
                  "--range",
                  "1d")
              .directory(REPO.toFile())
              .redirectErrorStream(true)
              .redirectOutput(runDir.resolve("notebooks.log").toFile());
      pb.environment().put("INFLUX_URL", endpoints.influxUrl());
      pb.environment().put("INFLUX_DATABASE", endpoints.influxDatabase());
      pb.environment().put("INFLUX_USER", endpoints.influxUser());
      pb.environment().put("INFLUX_PASSWORD", endpoints.influxPassword());
      Process p = pb.start();
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static TreeSet<String> lines(List<Signal> signals) {
    TreeSet<String> lines = new TreeSet<>();
    signals.forEach(s -> lines.add(JsonLines.toLine(s)));
    return lines;
  }

  private static RunSummary run(
      StackEndpoints endpoints,
      LocalStack stack,
      String name,
      List<String> venues,
      Duration duration,
      List<Path> replay,
      boolean record,
      Runnable whileRunning) {
    String runId = name + "-" + System.currentTimeMillis();
    PipelineSettings settings =
        new PipelineSettings(
            REPO,
            HOME.resolve(runId),
            duration,
            INSTRUMENTS,
            venues,
            7,
            10,
            NOISE_BPS,
            replay,
            1.0,
            record,
            record,
            true);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    Pipeline pipeline =
        new Pipeline(
            settings,
            endpoints,
            () -> stack.status().stream().map(ServiceStatus::pid).filter(p -> p > 0).toList(),
            out,
            runId);
    pipeline.whileRunning(whileRunning);
    try {
      RunSummary summary = pipeline.run();
      summary.print(out);
      return summary;
    } finally {
      System.out.println(console.toString(StandardCharsets.UTF_8));
    }
  }
}
