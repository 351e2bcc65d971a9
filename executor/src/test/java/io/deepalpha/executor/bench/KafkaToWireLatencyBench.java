package io.deepalpha.executor.bench;

import io.deepalpha.executor.Executor;
import io.deepalpha.executor.config.ConfigLoader;
import io.deepalpha.executor.core.ClientOrderIds;
import io.deepalpha.executor.core.Leg;
import io.deepalpha.executor.venue.sim.VenueSimulator;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.topic.Topic;
import io.deepalpha.model.topic.Topics;
import io.deepalpha.model.wire.RecordKeys;
import io.deepalpha.model.wire.WireCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Kafka produce of a signal -> the executor's Binance request arriving at the simulator's handler
 * (in-process executor, testnet mode, real broker), next to a raw produce -> poll round trip on the
 * same broker in the same run. Not part of the default build (no *IT/*Test name):
 *
 * <pre>
 * mvn -B -q -pl executor verify -Dit.test=KafkaToWireLatencyBench -Dtest=NONE \
 *   -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@WithLocalStack
class KafkaToWireLatencyBench {
  private static final int WARMUP = 300;
  private static final int MEASURED = 1000;

  @Test
  void measure(StackEndpoints stack) throws Exception {
    String suffix = ".bench" + System.nanoTime();
    String raw = "bench.raw" + suffix;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
      List<NewTopic> topics = new ArrayList<>();
      for (Topic t : Topics.all()) {
        topics.add(new NewTopic(t.name() + suffix, t.partitions(), (short) 1).configs(t.configs()));
      }
      topics.add(new NewTopic(raw, 1, (short) 1));
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
    Path journal = Files.createTempDirectory("bench-journal");
    try (VenueSimulator sim = new VenueSimulator("k", "s", "p");
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.kafkaBootstrap(),
                    ProducerConfig.LINGER_MS_CONFIG,
                    "0",
                    ProducerConfig.ACKS_CONFIG,
                    "1"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
      Map<String, String> env = new HashMap<>();
      env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrap());
      env.put("KAFKA_TOPIC_SUFFIX", suffix);
      env.put("KAFKA_GROUP_ID", "bench" + suffix);
      env.put("JOURNAL_DIR", journal.toString());
      env.put("HTTP_PORT", "0");
      env.put("TRADING_MODE", "testnet");
      env.put("VENUES", "BINANCE");
      env.put("API_ENDPOINT", sim.binanceUrl());
      env.put("BINANCE_API_KEY", "k");
      env.put("BINANCE_API_SECRET", "s");
      env.put("IDLE_STRATEGY", System.getProperty("bench.idle", "busy-spin"));
      env.put("MAX_POSITION_SIZE", "1000000");
      env.put("RISK_LIMIT", "1");
      env.put("ACCOUNT_EQUITY", "1000000000000");
      env.put("MAX_NOTIONAL", "1000000000");
      env.put("ORDER_RATE_PER_SEC", "10000");
      env.put("ORDER_RATE_BURST", "10000");
      WireCodec<Signal> signals = WireCodec.of(Signal.class);
      WireCodec<Quote> quotes = WireCodec.of(Quote.class);
      ClientOrderIds ids = new ClientOrderIds();
      Histogram viaExecutor = new Histogram(60_000_000_000L, 3);
      Histogram rawRoundTrip = new Histogram(60_000_000_000L, 3);
      try (Executor executor = Executor.start(ConfigLoader.load(List.of(), env), List.of(), env);
          KafkaConsumer<byte[], byte[]> consumer =
              new KafkaConsumer<>(
                  Map.of(
                      ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                      stack.kafkaBootstrap(),
                      ConsumerConfig.GROUP_ID_CONFIG,
                      "bench-raw" + suffix,
                      ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                      "earliest",
                      ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                      "1"),
                  new ByteArrayDeserializer(),
                  new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(raw));
        long readyBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!executor.engine().venuesReachable() && System.nanoTime() < readyBy) {
          Thread.sleep(50);
        }
        consumer.poll(Duration.ofSeconds(2));
        Thread.sleep(2000); // group join of the executor's signals consumer
        for (int i = 0; i < WARMUP + MEASURED; i++) {
          long nowUs = System.currentTimeMillis() * 1000;
          Quote q = io.deepalpha.executor.bench.InProcessLatencyHarness.quote();
          q.setExchangeTimeUs(nowUs);
          producer
              .send(
                  new ProducerRecord<>(
                      Topics.MD_QUOTES.name() + suffix, RecordKeys.keyBytesOf(q), quotes.encode(q)))
              .get();
          // raw hop: produce -> poll on the same broker
          long r0 = System.nanoTime();
          producer.send(new ProducerRecord<>(raw, new byte[] {1}, new byte[] {2}));
          boolean got = false;
          while (!got) {
            for (ConsumerRecord<byte[], byte[]> ignored : consumer.poll(Duration.ofMillis(1))) {
              got = true;
            }
          }
          long r1 = System.nanoTime();
          // executor hop: produce the signal -> its buy leg's request at the simulator
          Signal s = io.deepalpha.executor.bench.InProcessLatencyHarness.signal("kbench-" + i);
          s.setEventTimeUs(System.currentTimeMillis() * 1000);
          String buyId = ids.derive(s.getSignalId(), Leg.BUY);
          long t0 = System.nanoTime();
          producer.send(
              new ProducerRecord<>(
                  Topics.SIGNALS.name() + suffix, RecordKeys.keyBytesOf(s), signals.encode(s)));
          long deadline = t0 + 10_000_000_000L;
          Long arrived;
          while ((arrived = sim.arrivalNanos(buyId)) == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
          if (i >= WARMUP && arrived != null) {
            viaExecutor.recordValue(arrived - t0);
            rawRoundTrip.recordValue(r1 - r0);
          }
          Thread.sleep(5);
        }
      }
      print("raw Kafka produce -> poll", rawRoundTrip);
      print("Kafka produce signal -> Binance request at the simulator", viaExecutor);
      System.out.printf(
          "RSS of the test JVM (broker is a separate process): %s%n",
          InProcessLatencyHarness.rss());
      if (sim.newOrderClientIds().isEmpty()) {
        throw new AssertionError("no order reached the simulator");
      }
      if (Venue.BINANCE == null) {
        throw new AssertionError();
      }
    }
  }

  private static void print(String what, Histogram h) {
    System.out.printf(
        "%s (us): n=%d p50=%.0f p90=%.0f p99=%.0f p99.9=%.0f max=%.0f%n",
        what,
        h.getTotalCount(),
        h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(90) / 1e3,
        h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3,
        h.getMaxValue() / 1e3);
  }
}
