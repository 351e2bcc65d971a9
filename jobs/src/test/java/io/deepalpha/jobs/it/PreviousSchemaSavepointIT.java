package io.deepalpha.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.savepoint.FixtureRecipe;
import io.deepalpha.jobs.savepoint.SpreadSavepointFixture;
import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores a savepoint written by the previous state schema of SpreadJob (the first layout: latest
 * quotes, open opportunities and statistics in three map states, commit 749891c) into the current
 * job (one {@code SpreadState} value per instrument), and checks across the cut: every signal of an
 * uninterrupted run exactly once, counting the ones the old version emitted before it stopped. The
 * fixture and how it was made: {@code src/test/resources/savepoints/README.md}.
 */
@WithLocalStack
class PreviousSchemaSavepointIT {
  private static final Path FIXTURE = Path.of("src/test/resources/savepoints/spread-749891c");

  @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.cluster();

  @TempDir Path dir;

  @Test
  void savepointOfThePreviousStateSchemaRestoresWithoutLossOrDuplicate(StackEndpoints stack)
      throws Exception {
    List<Quote> quotes = SpreadFixtures.randomWalk(new java.util.Random(21), 1_200);
    assertThat(quotes).isEqualTo(SpreadSavepointFixture.quotes());
    List<Signal> expected = SpreadSavepointFixture.expected(quotes);
    Signal across = SpreadSavepointFixture.acrossTheCut(expected);
    int cut = SpreadSavepointFixture.cut(quotes, across);
    List<String> before = Files.readAllLines(FIXTURE.resolve("signals-before.txt"));
    Set<String> expectedIds = new HashSet<>(ids(expected));
    // The old version emitted these before it stopped; they are part of the same run.
    assertThat(before).isNotEmpty().doesNotHaveDuplicates();
    assertThat(expectedIds).containsAll(before);
    Path savepoint = FixtureRecipe.copySavepoint(FIXTURE, dir);

    String bootstrap = stack.kafkaBootstrap();
    try (KafkaTestTopics kafka = new KafkaTestTopics(bootstrap)) {
      SpreadSavepointFixture.recreateTopics(bootstrap);
      // The same records at the same offsets as when the savepoint was taken, then the rest.
      for (Quote q : quotes) {
        kafka.send(SpreadSavepointFixture.QUOTES_TOPIC, q.getInstrument(), q);
      }
      Quote flush = SpreadFixtures.flat(Venue.BINANCE, 0, 1);
      flush.setInstrument("ETH-USDT");
      flush.setExchangeTimeUs(quotes.get(quotes.size() - 1).getExchangeTimeUs() + 10_000_000L);
      kafka.send(SpreadSavepointFixture.QUOTES_TOPIC, flush.getInstrument(), flush);

      Configuration restore = new Configuration();
      restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toUri().toString());
      StreamExecutionEnvironment env = JobEnvironment.create(Duration.ZERO, restore);
      env.setParallelism(1);
      SpreadSavepointFixture.job(bootstrap, 2).build(env);
      JobClient restored = env.executeAsync("spread restored from the previous schema");
      List<Signal> after;
      try {
        int missing = expected.size() - before.size();
        kafka.readUntil(
            SpreadSavepointFixture.SIGNALS_TOPIC,
            Signal.class,
            l -> l.size() >= missing,
            Duration.ofSeconds(60));
        // A little longer, so that a duplicate would have arrived.
        after =
            kafka.readUntil(
                SpreadSavepointFixture.SIGNALS_TOPIC,
                Signal.class,
                l -> false,
                Duration.ofSeconds(2));
      } finally {
        restored.cancel().get();
      }

      List<String> all = new ArrayList<>(before);
      all.addAll(ids(after));
      assertThat(all).doesNotHaveDuplicates();
      assertThat(all).containsExactlyInAnyOrderElementsOf(ids(expected));
      // Latest quotes crossed the cut: this signal pairs a quote from before it with one after.
      assertThat(ids(after)).contains(across.getSignalId());
      assertThat(quotes.get(cut).getExchangeTimeUs())
          .isGreaterThan(Math.min(across.getBuyQuoteTimeUs(), across.getSellQuoteTimeUs()));
    }
  }

  private static List<String> ids(List<Signal> signals) {
    return signals.stream().map(s -> s.getSignalId().toString()).toList();
  }
}
