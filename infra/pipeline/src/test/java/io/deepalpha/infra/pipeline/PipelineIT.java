package io.deepalpha.infra.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepalpha.infra.stack.LocalStack;
import io.deepalpha.infra.stack.ServiceStatus;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.OrderStatus;
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
import java.util.ArrayList;
import java.util.List;
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

  // Above the default 3 bps: more cross-venue opportunities in a short run.
  private static final double NOISE_BPS = 25.0;

  private static Path recording;
  private static RunSummary live;

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
    assertThat(run.hopsAfterWarmUp().get(Tap.Hop.INGEST_TO_KAFKA).getTotalCount())
        .as("quotes after the warm-up: some, not all")
        .isPositive()
        .isLessThan(run.hops().get(Tap.Hop.INGEST_TO_KAFKA).getTotalCount());
    assertThat(run.ordersByStatus()).doesNotContainKey(OrderStatus.UNKNOWN);

    assertThat(executeNotebooks(endpoints, HOME.resolve(run.runId())))
        .as("notebooks/run.sh over the demo run's InfluxDB (log: %s)", HOME.resolve(run.runId()))
        .isZero();

    live = run;
    recording = HOME.resolve(run.runId()).resolve("recording");
    try (Stream<Path> files = Files.list(recording)) {
      assertThat(files.map(p -> p.getFileName().toString().split("[.-]")[0]).distinct())
          .as("one recording per venue")
          .containsExactlyInAnyOrderElementsOf(VENUES);
    }
  }

  @Test
  @Order(2)
  void theRecordedMarketReplaysToTheSameEventsAndTheSameSignals(
      StackEndpoints endpoints, LocalStack stack) throws Exception {
    assertThat(recording).as("the demo run recorded its market").isNotNull();
    List<Path> files;
    try (Stream<Path> list = Files.list(recording)) {
      files = list.sorted().toList();
    }

    // Through the whole pipeline (--replay): every recorded frame becomes the same quotes and
    // trades again, venue by venue.
    RunSummary replay =
        run(endpoints, stack, "replay", VENUES, Duration.ofSeconds(50), files, false, () -> {});
    assertThat(replay.replay()).isTrue();
    assertThat(replay.hops().get(Tap.Hop.VENUE_TO_INGEST).getTotalCount())
        .as("not measured in a replay: the exchange times are the recording's")
        .isZero();
    assertThat(live.hops().get(Tap.Hop.VENUE_TO_INGEST).getTotalCount())
        .as("measured in the live run")
        .isPositive();
    assertThat(replay.eventsByVenue().keySet()).isEqualTo(live.eventsByVenue().keySet());
    live.eventsByVenue()
        .forEach(
            (venue, counts) ->
                assertThat(replay.eventsByVenue().get(venue))
                    .as("%s quotes and trades of the replay", venue)
                    .containsExactly(counts));
    assertThat(replay.signalsWithOutcome()).isEqualTo(replay.signals().size());

    // Signals, byte for byte: the backtest path runs the same SpreadJob over the recording's
    // events (ingest replay keeps the recorded receive times and gives each recorded connection
    // a fixed id). Twice, from the recording, with identical results.
    Path dir = HOME.resolve("backtest");
    Files.createDirectories(dir);
    Path events = dir.resolve("events.jsonl");
    List<String> replayCmd = new ArrayList<>(List.of("replay"));
    files.forEach(f -> replayCmd.add(f.toString()));
    replayCmd.addAll(List.of("--to-json", events.toString()));
    assertThat(java("ingest", Services.INGEST_MAIN, replayCmd, dir.resolve("replay.log"))).isZero();
    Path first = dir.resolve("signals-1.jsonl");
    Path second = dir.resolve("signals-2.jsonl");
    for (Path out : List.of(first, second)) {
      List<String> spread =
          List.of("spread", "--input", events.toString(), "--output", out.toString());
      assertThat(java("jobs", Services.JOBS_MAIN, spread, dir.resolve(out + ".log"))).isZero();
    }
    List<String> signals = Files.readAllLines(first);
    assertThat(signals).as("signals of the recorded market").isNotEmpty();
    assertThat(Files.readAllLines(second)).as("the second run").isEqualTo(signals);
  }

  /**
   * Ctrl-C while the services start (here: while the Flink jobs come up): nothing more is started,
   * what was started is stopped, and run() says so instead of running a market.
   */
  @Test
  @Order(4)
  void ctrlCWhileTheServicesStartStartsNothingMoreAndStopsWhatRuns(
      StackEndpoints endpoints, LocalStack stack) throws Exception {
    String runId = "ctrl-c-" + System.currentTimeMillis();
    PipelineSettings settings = settings(runId, VENUES, Duration.ofSeconds(30), List.of(), false);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    Pipeline pipeline = pipeline(settings, endpoints, stack, out, runId);
    Thread ctrlC =
        new Thread(
            () -> {
              // Once the jobs' process exists: it takes seconds more to run its Flink job.
              Path jobsLog = HOME.resolve(runId).resolve("logs").resolve("jobs.log");
              while (!Files.exists(jobsLog)) {
                sleep(20);
              }
              pipeline.requestStop();
            });
    ctrlC.setDaemon(true);
    ctrlC.start();
    try {
      assertThatThrownBy(pipeline::run)
          .isInstanceOf(StoppedBeforeMarket.class)
          .hasMessageStartingWith("stopped while starting jobs, before the market started");
    } finally {
      System.out.println(console.toString(StandardCharsets.UTF_8));
    }
    Path logs = HOME.resolve(runId).resolve("logs");
    assertThat(logs.resolve("simulator.log")).as("started before the Ctrl-C").exists();
    assertThat(logs.resolve("jobs.log")).as("starting at the Ctrl-C").exists();
    assertThat(logs.resolve("executor.log")).as("not started after the Ctrl-C").doesNotExist();
    assertThat(logs.resolve("ingest.log")).as("not started after the Ctrl-C").doesNotExist();
    try (Stream<Path> pids = Files.list(HOME.resolve(runId).resolve("pids"))) {
      assertThat(pids).as("pid files of services still running").isEmpty();
    }
    assertThat(console.toString(StandardCharsets.UTF_8))
        .doesNotContain("starting the executor")
        .doesNotContain("starting ingest");
  }

  /** Runs a module's CLI as its own JVM, as an analyst would; returns its exit code. */
  private static int java(String module, String main, List<String> args, Path log)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(ModuleJars.of(REPO, module).classpath());
    cmd.add(main);
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd)
            .directory(REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
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
    PipelineSettings settings = settings(runId, venues, duration, replay, record);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    Pipeline pipeline = pipeline(settings, endpoints, stack, out, runId);
    pipeline.whileRunning(whileRunning);
    try {
      RunSummary summary = pipeline.run();
      summary.print(out);
      return summary;
    } finally {
      System.out.println(console.toString(StandardCharsets.UTF_8));
    }
  }

  private static Pipeline pipeline(
      PipelineSettings settings,
      StackEndpoints endpoints,
      LocalStack stack,
      PrintStream out,
      String runId) {
    return new Pipeline(
        settings,
        endpoints,
        () -> stack.status().stream().map(ServiceStatus::pid).filter(p -> p > 0).toList(),
        out,
        runId);
  }

  private static PipelineSettings settings(
      String runId, List<String> venues, Duration duration, List<Path> replay, boolean record) {
    return new PipelineSettings(
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
  }
}
