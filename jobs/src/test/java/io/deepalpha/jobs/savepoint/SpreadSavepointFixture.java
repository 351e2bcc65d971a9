package io.deepalpha.jobs.savepoint;

import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.io.KafkaSources;
import io.deepalpha.jobs.io.SignalKafkaSink;
import io.deepalpha.jobs.it.KafkaTestTopics;
import io.deepalpha.jobs.spread.SignalOrder;
import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.jobs.spread.SpreadHarness;
import io.deepalpha.jobs.spread.SpreadJob;
import io.deepalpha.jobs.spread.SpreadSettings;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A SpreadJob savepoint written by an older version of the job, for the test that the current
 * version restores it ({@code PreviousSchemaSavepointIT}). This class is the recipe: the quotes,
 * the cut, the topics and the job are the same on both sides.
 *
 * <p>To write a fixture with the version at commit C (see {@code
 * src/test/resources/savepoints/README.md}): check C out in a worktree, copy this file into it,
 * compile the jobs test classes there and run
 *
 * <pre>
 * java -cp &lt;C's jobs test classpath&gt; io.deepalpha.jobs.savepoint.SpreadSavepointFixture OUT_DIR
 * </pre>
 *
 * It starts a local stack (or uses {@code $KAFKA_BOOTSTRAP_SERVERS}), loads the quotes before the
 * cut into fixed topics, runs the job until the signals before the cut are out, stops it with a
 * canonical savepoint and writes {@code OUT_DIR/savepoint} and {@code OUT_DIR/signals-before.txt}
 * (the ids of the signals that version emitted before it stopped).
 */
public final class SpreadSavepointFixture {
  public static final String QUOTES_TOPIC = "fixture.spread.quotes";
  public static final String CONFIG_TOPIC = "fixture.spread.config";
  public static final String SIGNALS_TOPIC = "fixture.spread.signals";
  public static final String GROUP = "fixture-spread";
  public static final Duration BOUND = Duration.ofMillis(20);

  /** The recorded stream: random walks on three venues, with signals all along. */
  public static List<Quote> quotes() {
    return SpreadFixtures.randomWalk(new Random(21), 1_200);
  }

  /** Every signal of one uninterrupted run in event-time order, sorted. */
  public static List<Signal> expected(List<Quote> quotes) throws Exception {
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

  /** A signal in the middle whose two quotes are on both sides of the cut. */
  public static Signal acrossTheCut(List<Signal> expected) {
    return expected.stream()
        .skip(expected.size() / 2)
        .filter(s -> s.getBuyQuoteTimeUs() != s.getSellQuoteTimeUs())
        .findFirst()
        .orElseThrow();
  }

  /** Index of the first quote after the cut: the earlier quote of {@link #acrossTheCut}. */
  public static int cut(List<Quote> quotes, Signal acrossTheCut) {
    long cutUs = Math.min(acrossTheCut.getBuyQuoteTimeUs(), acrossTheCut.getSellQuoteTimeUs());
    int cut = 0;
    while (quotes.get(cut).getExchangeTimeUs() <= cutUs) {
      cut++;
    }
    return cut;
  }

  /** The job both versions run (evaluator parallelism as given). */
  public static SpreadJob job(String bootstrap, int parallelism) {
    return new SpreadJob(
        KafkaSources.events(Quote.class, bootstrap, QUOTES_TOPIC, GROUP, true, false),
        KafkaSources.config(bootstrap, GROUP + "-config", List.of(CONFIG_TOPIC), false),
        SignalKafkaSink.create(bootstrap, SIGNALS_TOPIC),
        new DiscardingSink<>(),
        new DiscardingSink<>(),
        SpreadFixtures.config(),
        new SpreadSettings(BOUND, Duration.ZERO, Duration.ofSeconds(1), parallelism));
  }

  /** Deletes the fixture topics if they exist and creates them empty. */
  public static void recreateTopics(String bootstrap) throws Exception {
    FixtureRecipe.recreateTopics(bootstrap, List.of(QUOTES_TOPIC, CONFIG_TOPIC, SIGNALS_TOPIC));
  }

  public static void main(String[] args) throws Exception {
    FixtureRecipe.main("SpreadSavepointFixture", args, SpreadSavepointFixture::write);
  }

  private static void write(String bootstrap, Path out) throws Exception {
    List<Quote> quotes = quotes();
    List<Signal> expected = expected(quotes);
    Signal across = acrossTheCut(expected);
    long cutUs = Math.min(across.getBuyQuoteTimeUs(), across.getSellQuoteTimeUs());
    int cut = cut(quotes, across);
    try (KafkaTestTopics kafka = new KafkaTestTopics(bootstrap)) {
      recreateTopics(bootstrap);
      for (Quote q : quotes.subList(0, cut)) {
        kafka.send(QUOTES_TOPIC, q.getInstrument(), q);
      }
      Configuration cluster = new Configuration();
      cluster.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
      cluster.set(TaskManagerOptions.NUM_TASK_SLOTS, 4);
      StreamExecutionEnvironment env = JobEnvironment.create(Duration.ZERO, cluster);
      env.setParallelism(1);
      job(bootstrap, 1).build(env);
      JobClient running = env.executeAsync("spread fixture");
      long surelyEmitted =
          expected.stream().filter(s -> s.getEventTimeUs() < cutUs - 100_000L).count();
      kafka.readUntil(
          SIGNALS_TOPIC, Signal.class, l -> l.size() >= surelyEmitted, Duration.ofSeconds(60));
      Files.createDirectories(out);
      String savepoint =
          running
              .stopWithSavepoint(
                  false, out.resolve("savepoint").toUri().toString(), SavepointFormatType.CANONICAL)
              .get();
      List<Signal> before = kafka.readToEnd(SIGNALS_TOPIC, Signal.class);
      Files.write(
          out.resolve("signals-before.txt"), before.stream().map(s -> s.getSignalId()).toList());
      System.out.printf(
          "savepoint %s: %d quotes before the cut, %d of %d signals emitted before it%n",
          savepoint, cut, before.size(), expected.size());
    }
  }

  private SpreadSavepointFixture() {}
}
