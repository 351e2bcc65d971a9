package io.deepalpha.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.jobs.spread.SignalOrder;
import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.jobs.spread.SpreadHarness;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The way data engineers run the jobs: a session cluster of separate JobManager and TaskManager
 * processes ({@code jobs/bin/flink-session}, Flink from Maven Central jars, web UI included), the
 * shaded jobs jar submitted with the Flink CLI ({@code jobs/bin/flink run -d}), stopped with {@code
 * flink stop --savepointPath}, quotes arriving while it is down, resumed with {@code flink run -s}
 * at a higher parallelism. The signals across the cut are exactly those of one uninterrupted run.
 * The cluster holds only Flink's jars: a class missing from the jobs jar fails this test.
 */
@WithLocalStack
class SessionClusterIT {
  private static final Path JOBS = Path.of("").toAbsolutePath();
  private static final String MAIN = "io.deepalpha.jobs.cli.JobsCli";
  private static final Duration SUBMIT = Duration.ofSeconds(120);
  private static final int METRIC_PORTS = 10;
  private static final String SIGNALS_METRIC =
      "flink_taskmanager_job_task_operator_deepalpha_signals";

  @Test
  void cliSubmittedJarStopsWithSavepointAndResumesWithoutLosingOrDuplicatingSignals(
      StackEndpoints stack) throws Exception {
    Path work = JOBS.resolve("target/it-flink-session");
    List<Quote> quotes = SpreadFixtures.randomWalk(new Random(7), 1_000);
    List<Signal> expected = reference(quotes);
    Signal acrossTheCut = acrossTheCut(expected);
    long cutUs = Math.min(acrossTheCut.getBuyQuoteTimeUs(), acrossTheCut.getSellQuoteTimeUs());
    int cut = 0;
    while (quotes.get(cut).getExchangeTimeUs() <= cutUs) {
      cut++;
    }

    try (KafkaTestTopics kafka = new KafkaTestTopics(stack.kafkaBootstrap());
        FlinkSession flink = new FlinkSession(JOBS, work)) {
      // A copy: the checkout's target/ may be rebuilt while the test runs; both runs get this jar.
      Path jar = work.resolve("deepalpha-jobs.jar");
      Files.copy(shadedJar(), jar, StandardCopyOption.REPLACE_EXISTING);
      String quotesTopic = kafka.create("session-quotes", 1);
      String signalsTopic = kafka.create("session-signals", 1);
      // spread-live always reads the contract's config topics, which other tests write
      // (SpreadJobIT changes config.strategies mid-stream); the expectations assume the file alone.
      kafka.emptyContractTopics(
          List.of(Topics.CONFIG_INSTRUMENTS, Topics.CONFIG_STRATEGIES, Topics.CONFIG_RISK_LIMITS));
      Path config = work.resolve("trading.yaml");
      Files.writeString(config, SpreadFixtures.CONFIG_YAML);
      List<String> job =
          List.of(
              "spread-live",
              "--bootstrap-servers",
              stack.kafkaBootstrap(),
              "--quotes-topic",
              quotesTopic,
              "--signals-topic",
              signalsTopic,
              "--group-id",
              "session-it-" + System.nanoTime(),
              "--config",
              config.toString(),
              "--watermark-bound-ms",
              "20",
              "--idleness-ms",
              "0",
              "--from-earliest");
      for (Quote q : quotes.subList(0, cut)) {
        kafka.send(quotesTopic, q.getInstrument(), q);
      }

      int metrics = FlinkSession.freePort();
      flink.start(
          "--slots", "4",
          "--metrics-port", metrics + "-" + (metrics + METRIC_PORTS - 1),
          "-D", "restart-strategy.type=none");
      assertThat(flink.processes()).hasSize(2);
      assertThat(flink.get("/")).contains("<title>Apache Flink Web Dashboard</title>");
      JsonNode overview = flink.rest("/overview");
      assertThat(overview.path("taskmanagers").asInt()).isEqualTo(1);
      assertThat(overview.path("slots-total").asInt()).isEqualTo(4);

      // Run 1: the jar as submitted, up to the cut.
      String first = FlinkSession.jobId(flink.flink(run(jar, List.of(), job, "1")));
      flink.awaitJobState(first, "RUNNING", SUBMIT);
      assertThat(flink.flink("list")).contains(first + " : deepalpha spread (RUNNING)");
      long surelyEmitted =
          expected.stream().filter(s -> s.getEventTimeUs() < cutUs - 100_000L).count();
      assertThat(surelyEmitted).isPositive();
      kafka.readUntil(
          signalsTopic, Signal.class, l -> l.size() >= surelyEmitted, Duration.ofSeconds(90));

      Path savepoints = work.resolve("upgrade-savepoints");
      String stopped = flink.flink("stop", "--savepointPath", savepoints.toUri().toString(), first);
      String savepoint = FlinkSession.savepointPath(stopped);
      assertThat(Path.of(URI.create(savepoint)).resolve("_metadata")).exists();
      assertThat(savepoint).startsWith(savepoints.toUri().toString().replace("file:///", "file:/"));
      flink.awaitJobState(first, "FINISHED", SUBMIT);
      // The stop flushed the sink: this is all run 1 wrote.
      int firstRun = kafka.readToEnd(signalsTopic, Signal.class).size();

      // While it is down: the rest of the stream, and a quote of another instrument 10 s later
      // that moves the watermark past everything.
      for (Quote q : quotes.subList(cut, quotes.size())) {
        kafka.send(quotesTopic, q.getInstrument(), q);
      }
      Quote flush = SpreadFixtures.flat(Venue.BINANCE, 0, 1);
      flush.setInstrument("ETH-USDT");
      flush.setExchangeTimeUs(quotes.get(quotes.size() - 1).getExchangeTimeUs() + 10_000_000L);
      kafka.send(quotesTopic, flush.getInstrument(), flush);

      // Run 2: resumed from the savepoint, the spread operator at parallelism 2.
      String second = FlinkSession.jobId(flink.flink(run(jar, List.of("-s", savepoint), job, "2")));
      flink.awaitJobState(second, "RUNNING", SUBMIT);
      List<Signal> written;
      try {
        kafka.readUntil(
            signalsTopic, Signal.class, l -> l.size() >= expected.size(), Duration.ofSeconds(90));
        // A little longer, so that a duplicate would have arrived.
        written =
            new ArrayList<>(
                kafka.readUntil(signalsTopic, Signal.class, l -> false, Duration.ofSeconds(3)));
        JsonNode restored = flink.rest("/jobs/" + second + "/checkpoints").path("latest");
        assertThat(restored.path("restored").path("external_path").asText()).isEqualTo(savepoint);
        // The TaskManager's Prometheus reporter counts what the resumed job emitted.
        assertThat(flink.prometheusSum(metrics, metrics + METRIC_PORTS - 1, SIGNALS_METRIC, second))
            .isEqualTo(expected.size() - firstRun);
      } finally {
        flink.flink("cancel", second);
      }
      written.sort(SignalOrder.INSTANCE);
      System.out.printf(
          "signals: %d expected, %d written (%d by run 1, %d by the resumed run 2)%n",
          expected.size(), written.size(), firstRun, written.size() - firstRun);

      assertThat(written).containsExactlyElementsOf(expected);
      assertThat(written.stream().map(Signal::getSignalId).collect(Collectors.toSet()))
          .hasSize(expected.size());
      // The state crossed the cut: this signal pairs a quote from before it with one after it.
      assertThat(written).contains(acrossTheCut);
      assertThat(acrossTheCut.getEventTimeUs()).isGreaterThan(cutUs);

      List<ProcessHandle> processes = flink.processes();
      flink.close();
      assertThat(processes).noneMatch(ProcessHandle::isAlive);
    }
  }

  private static String[] run(Path jar, List<String> flinkOptions, List<String> job, String p) {
    List<String> args = new ArrayList<>(List.of("run", "-d"));
    args.addAll(flinkOptions);
    args.addAll(List.of("-c", MAIN, jar.toString()));
    args.addAll(job);
    args.addAll(List.of("--parallelism", p));
    return args.toArray(String[]::new);
  }

  /** The jar that {@code package} built before failsafe runs; not the unshaded original. */
  static Path shadedJar() throws IOException {
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(JOBS.resolve("target"), "deepalpha-jobs-*.jar")) {
      for (Path jar : jars) {
        if (!jar.getFileName().toString().endsWith("-tests.jar")) {
          return jar;
        }
      }
    }
    throw new IllegalStateException("no target/deepalpha-jobs-*.jar: run `mvn -pl jobs package`");
  }

  /** A signal in the middle whose two quotes straddle the cut: it needs state from before it. */
  private static Signal acrossTheCut(List<Signal> expected) {
    return expected.stream()
        .skip(expected.size() / 2)
        .filter(s -> s.getBuyQuoteTimeUs() != s.getSellQuoteTimeUs())
        .findFirst()
        .orElseThrow();
  }

  /** One uninterrupted run in event-time order. */
  private static List<Signal> reference(List<Quote> quotes) throws Exception {
    try (SpreadHarness h = new SpreadHarness(SpreadFixtures.config())) {
      for (Quote q : quotes) {
        h.quote(q);
      }
      h.watermarkUs(Long.MAX_VALUE / 1_000L * 1_000L);
      List<Signal> signals = new ArrayList<>(h.signals());
      signals.sort(SignalOrder.INSTANCE);
      return signals;
    }
  }
}
