package io.deepalpha.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.cli.JobsCli;
import io.deepalpha.jobs.io.KafkaSources;
import io.deepalpha.jobs.io.SignalKafkaSink;
import io.deepalpha.jobs.spread.ShuffledArrival;
import io.deepalpha.jobs.spread.SignalOrder;
import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.jobs.spread.SpreadJob;
import io.deepalpha.jobs.spread.SpreadSettings;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.json.JsonLines;
import io.deepalpha.model.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** SpreadJob on a MiniCluster against the real broker. */
@WithLocalStack
class SpreadJobIT {
  private static final Duration BOUND = Duration.ofMillis(20);

  @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.cluster();

  @TempDir Path dir;

  @Test
  void kafkaPathAndFilePathGiveIdenticalSignals(StackEndpoints stack) throws Exception {
    List<Quote> quotes =
        ShuffledArrival.within(
            SpreadFixtures.randomWalk(new Random(5), 800), 20_000L, new Random(9));
    Path input = dir.resolve("quotes.jsonl");
    Path config = dir.resolve("trading.yaml");
    Path output = dir.resolve("signals.jsonl");
    Files.writeString(config, SpreadFixtures.CONFIG_YAML);
    Files.write(input, quotes.stream().map(JsonLines::toLine).toList());
    List<Signal> fromKafka;
    try (KafkaTestTopics kafka = new KafkaTestTopics(stack.kafkaBootstrap())) {
      String quotesTopic = kafka.create("quotes", 1);
      String configTopic = kafka.create("config", 1);
      String signalsTopic = kafka.create("signals", 1);
      for (Quote q : quotes) {
        kafka.send(quotesTopic, q.getInstrument(), q);
      }
      StreamExecutionEnvironment env = JobEnvironment.create(Duration.ZERO);
      env.setParallelism(1);
      new SpreadJob(
              KafkaSources.events(
                  Quote.class, stack.kafkaBootstrap(), quotesTopic, "it-a", true, true),
              KafkaSources.config(
                  stack.kafkaBootstrap(), "it-a-config", List.of(configTopic), true),
              SignalKafkaSink.create(stack.kafkaBootstrap(), signalsTopic),
              new DiscardingSink<>(),
              new DiscardingSink<>(),
              SpreadFixtures.config(),
              new SpreadSettings(BOUND, Duration.ZERO, Duration.ofSeconds(1), 2))
          .build(env);
      env.execute("spread kafka bounded");
      fromKafka = kafka.readUntil(signalsTopic, Signal.class, l -> false, Duration.ofSeconds(3));
    }

    int exit =
        new CommandLine(new JobsCli())
            .execute(
                "spread",
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--config",
                config.toString(),
                "--watermark-bound-ms",
                "20",
                "--parallelism",
                "2");

    assertThat(exit).isZero();
    List<Signal> sorted = new ArrayList<>(fromKafka);
    sorted.sort(SignalOrder.INSTANCE);
    assertThat(sorted).hasSizeGreaterThan(3);
    assertThat(sorted.stream().map(JsonLines::toLine).toList())
        .containsExactlyElementsOf(Files.readAllLines(output));
  }

  @Test
  void configChangeOnConfigStrategiesTakesEffectMidStream(StackEndpoints stack) throws Exception {
    // config.* is shared and compacted: versions above anything an earlier run may have written.
    long v1 = System.currentTimeMillis() * 1_000L;
    long v2 = v1 + 1;
    try (KafkaTestTopics kafka = new KafkaTestTopics(stack.kafkaBootstrap())) {
      String quotesTopic = kafka.create("quotes", 1);
      String signalsTopic = kafka.create("signals", 1);
      String strategies = Topics.CONFIG_STRATEGIES.name();
      kafka.send(strategies, "xarb|BTC-USDT", SpreadFixtures.strategyChange(v1, "5.0000"));
      StreamExecutionEnvironment env = JobEnvironment.create(Duration.ZERO);
      env.setParallelism(1);
      new SpreadJob(
              KafkaSources.events(
                  Quote.class, stack.kafkaBootstrap(), quotesTopic, "it-b", true, false),
              KafkaSources.config(
                  stack.kafkaBootstrap(), "it-b-config", KafkaSources.CONFIG_TOPICS, false),
              SignalKafkaSink.create(stack.kafkaBootstrap(), signalsTopic),
              new DiscardingSink<>(),
              new DiscardingSink<>(),
              SpreadFixtures.config(),
              new SpreadSettings(BOUND, Duration.ZERO, Duration.ofSeconds(1), 1))
          .build(env);
      JobClient job = env.executeAsync("spread live config change");
      try {
        int[] batch = {0};
        // Phase 1: net 8.997 bps batches until the job signals under v1 (config read).
        List<Signal> signals =
            sendUntil(kafka, quotesTopic, signalsTopic, batch, NET_9, withVersion(v1, 1));

        // Phase 2, under v1 (minEdge 5): net 2.9977 gives nothing, the next net 8.997 signals.
        sendBatch(kafka, quotesTopic, batch[0]++, NET_3);
        signals = sendUntil(kafka, quotesTopic, signalsTopic, batch, NET_9, withVersion(v1, 2));
        assertThat(signals).filteredOn(s -> s.getNetBps() < 5).isEmpty();

        // Phase 3: minEdge 2 through the real config.strategies topic; net 2.9977 now signals.
        kafka.send(strategies, "xarb|BTC-USDT", SpreadFixtures.strategyChange(v2, "2.0000"));
        signals = sendUntil(kafka, quotesTopic, signalsTopic, batch, NET_3, withVersion(v2, 1));

        assertThat(signals)
            .filteredOn(s -> s.getConfigVersion() == v2)
            .first()
            .satisfies(s -> assertThat(s.getNetBps()).isCloseTo(2.9977, within(1e-4)));
        // Under v1 only the net 8.997 batches signalled, never the net 2.9977 one.
        assertThat(signals)
            .filteredOn(s -> s.getConfigVersion() == v1)
            .isNotEmpty()
            .allSatisfy(s -> assertThat(s.getNetBps()).isCloseTo(8.997, within(1e-3)));
      } finally {
        job.cancel().get();
      }
    }
  }

  /** OKX bid for net (bid - 100.0100) / 100.0100 * 10_000 - 20 = 8.997 bps. */
  private static final long NET_9 = 1_003_000L;

  /** OKX bid for net 2.9977 bps. */
  private static final long NET_3 = 1_002_400L;

  private static java.util.function.Predicate<List<Signal>> withVersion(long version, int count) {
    return l -> l.stream().filter(s -> s.getConfigVersion() == version).count() >= count;
  }

  private static List<Signal> sendUntil(
      KafkaTestTopics kafka,
      String quotesTopic,
      String signalsTopic,
      int[] batch,
      long okxBid,
      java.util.function.Predicate<List<Signal>> done)
      throws Exception {
    List<Signal> signals = List.of();
    for (int tries = 0; tries < 60 && !done.test(signals); tries++) {
      sendBatch(kafka, quotesTopic, batch[0]++, okxBid);
      signals = kafka.readUntil(signalsTopic, Signal.class, done, Duration.ofSeconds(1));
    }
    assertThat(done.test(signals)).as("expected signals arrived: %s", signals).isTrue();
    return signals;
  }

  /**
   * At BEGINNING + n * 2 s: BINANCE bid 100.0000 / ask 100.0100, OKX bid {@code okxBid}, then a
   * KRAKEN quote 100 ms later that moves the watermark past both.
   */
  private static void sendBatch(KafkaTestTopics kafka, String topic, int n, long okxBid)
      throws Exception {
    long t = n * 2_000_000L;
    for (Quote q :
        List.of(
            SpreadFixtures.flat(Venue.BINANCE, t, n + 1),
            SpreadFixtures.bidAt(Venue.OKX, t, n + 1, okxBid),
            SpreadFixtures.flat(Venue.KRAKEN, t + 100_000L, n + 1))) {
      kafka.send(topic, q.getInstrument(), q);
    }
  }
}
