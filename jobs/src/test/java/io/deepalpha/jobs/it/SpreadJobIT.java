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
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
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

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(4)
              .setConfiguration(flinkConfig())
              .build());

  @TempDir Path dir;

  static Configuration flinkConfig() {
    Configuration config = JobEnvironment.configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return config;
  }

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
    try (KafkaTestTopics kafka = new KafkaTestTopics(stack.kafkaBootstrap())) {
      String quotesTopic = kafka.create("quotes", 1);
      String signalsTopic = kafka.create("signals", 1);
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
        // net 2.9977 bps: below the default minEdge 5 -> nothing; then net 8.997 -> signal v0
        sendBatch(kafka, quotesTopic, 0, 1_002_400L);
        sendBatch(kafka, quotesTopic, 1, 1_003_000L);
        List<Signal> before =
            kafka.readUntil(signalsTopic, Signal.class, l -> !l.isEmpty(), Duration.ofSeconds(60));
        assertThat(before)
            .singleElement()
            .satisfies(
                s -> {
                  assertThat(s.getConfigVersion()).isZero();
                  assertThat(s.getNetBps()).isCloseTo(8.997, within(1e-3));
                });

        kafka.send(
            Topics.CONFIG_STRATEGIES.name(),
            "xarb|BTC-USDT",
            SpreadFixtures.strategyChange(1_000L, "2.0000"));
        List<Signal> after = List.of();
        for (int batch = 2; batch < 40 && after.size() < 2; batch++) {
          sendBatch(kafka, quotesTopic, batch, 1_002_400L);
          after =
              kafka.readUntil(
                  signalsTopic, Signal.class, l -> l.size() >= 2, Duration.ofMillis(500));
        }

        assertThat(after).hasSizeGreaterThanOrEqualTo(2);
        assertThat(after.subList(1, after.size()))
            .allSatisfy(
                s -> {
                  assertThat(s.getConfigVersion()).isEqualTo(1_000L);
                  assertThat(s.getNetBps()).isCloseTo(2.9977, within(1e-4));
                });
      } finally {
        job.cancel().get();
      }
    }
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
