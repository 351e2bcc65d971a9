package io.deepalpha.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.io.KafkaSources;
import io.deepalpha.jobs.io.SignalKafkaSink;
import io.deepalpha.jobs.savepoint.SpreadSavepointFixture;
import io.deepalpha.jobs.spread.SignalOrder;
import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.jobs.spread.SpreadJob;
import io.deepalpha.jobs.spread.SpreadSettings;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade path: run SpreadJob, stop it with a savepoint mid-stream, restore a changed job
 * (evaluator parallelism 1 -> 2) from it, and get exactly the signals of one uninterrupted run.
 */
@WithLocalStack
class SpreadSavepointIT {
  private static final Duration BOUND = Duration.ofMillis(20);

  @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.cluster();

  @TempDir Path dir;

  @Test
  void stopWithSavepointAndRestoreChangedJobLosesAndDuplicatesNothing(StackEndpoints stack)
      throws Exception {
    List<Quote> quotes = SpreadFixtures.randomWalk(new Random(21), 1_200);
    List<Signal> expected = SpreadSavepointFixture.expected(quotes);
    // Cut between the two quotes of a signal in the middle: it needs state from before the cut.
    Signal acrossTheCut = SpreadSavepointFixture.acrossTheCut(expected);
    long cutUs = Math.min(acrossTheCut.getBuyQuoteTimeUs(), acrossTheCut.getSellQuoteTimeUs());
    int cut = SpreadSavepointFixture.cut(quotes, acrossTheCut);
    List<Quote> before = quotes.subList(0, cut);
    List<Quote> after = quotes.subList(cut, quotes.size());

    try (KafkaTestTopics kafka = new KafkaTestTopics(stack.kafkaBootstrap())) {
      String quotesTopic = kafka.create("quotes", 1);
      String configTopic = kafka.create("config", 1);
      String signalsTopic = kafka.create("signals", 1);
      for (Quote q : before) {
        kafka.send(quotesTopic, q.getInstrument(), q);
      }

      // Run 1: everything up to the cut, minus what the watermark still holds back.
      StreamExecutionEnvironment first = JobEnvironment.create(Duration.ZERO);
      first.setParallelism(1);
      job(stack, quotesTopic, configTopic, signalsTopic, 1, false).build(first);
      JobClient running = first.executeAsync("spread before upgrade");
      long surelyEmitted =
          expected.stream().filter(s -> s.getEventTimeUs() < cutUs - 100_000L).count();
      kafka.readUntil(
          signalsTopic, Signal.class, l -> l.size() >= surelyEmitted, Duration.ofSeconds(60));
      String savepoint =
          running
              .stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
              .get();

      // Run 2: the changed job from the savepoint, over the rest of the stream. Restored Kafka
      // splits keep the stopping offsets of run 1 (none), so run 2 is unbounded too: a quote of
      // another instrument 10 s later moves the watermark past everything, then it is cancelled.
      for (Quote q : after) {
        kafka.send(quotesTopic, q.getInstrument(), q);
      }
      Quote flush = SpreadFixtures.flat(io.deepalpha.model.event.Venue.BINANCE, 0, 1);
      flush.setInstrument("ETH-USDT");
      flush.setExchangeTimeUs(quotes.get(quotes.size() - 1).getExchangeTimeUs() + 10_000_000L);
      kafka.send(quotesTopic, flush.getInstrument(), flush);
      Configuration restore = new Configuration();
      restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      StreamExecutionEnvironment second = JobEnvironment.create(Duration.ZERO, restore);
      second.setParallelism(1);
      job(stack, quotesTopic, configTopic, signalsTopic, 2, false).build(second);
      JobClient upgraded = second.executeAsync("spread after upgrade");
      List<Signal> written;
      try {
        kafka.readUntil(
            signalsTopic, Signal.class, l -> l.size() >= expected.size(), Duration.ofSeconds(60));
        // A little longer, so that a duplicate would have arrived.
        written =
            new ArrayList<>(
                kafka.readUntil(signalsTopic, Signal.class, l -> false, Duration.ofSeconds(2)));
      } finally {
        upgraded.cancel().get();
      }
      written.sort(SignalOrder.INSTANCE);

      assertThat(written).containsExactlyElementsOf(expected);
      // The state crossed the cut: this signal pairs a quote from before it with one after it.
      assertThat(written).contains(acrossTheCut);
      assertThat(acrossTheCut.getEventTimeUs()).isGreaterThan(cutUs);
    }
  }

  private static SpreadJob job(
      StackEndpoints stack,
      String quotes,
      String config,
      String signals,
      int parallelism,
      boolean bounded) {
    return new SpreadJob(
        KafkaSources.events(Quote.class, stack.kafkaBootstrap(), quotes, "sp-it", true, bounded),
        KafkaSources.config(stack.kafkaBootstrap(), "sp-it-config", List.of(config), bounded),
        SignalKafkaSink.create(stack.kafkaBootstrap(), signals),
        new DiscardingSink<>(),
        new DiscardingSink<>(),
        SpreadFixtures.config(),
        new SpreadSettings(BOUND, Duration.ZERO, Duration.ofSeconds(1), parallelism));
  }
}
