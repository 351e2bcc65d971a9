package io.deepalpha.jobs.bench;

import io.deepalpha.infra.stack.LocalStack;
import io.deepalpha.infra.stack.StackSettings;
import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.config.TradingConfig;
import io.deepalpha.jobs.io.KafkaSources;
import io.deepalpha.jobs.io.SignalKafkaSink;
import io.deepalpha.jobs.spread.SpreadJob;
import io.deepalpha.jobs.spread.SpreadSettings;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.wire.WireCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * SpreadJob benchmarks on this machine (not part of the test run). Run from the repository root.
 * Needs a Kafka broker: uses {@code $KAFKA_BOOTSTRAP_SERVERS} when set, otherwise starts the local
 * stack under {@code jobs/target/bench-stack} and stops it at the end.
 *
 * <ol>
 *   <li>Throughput: N quotes pre-loaded into a topic, read to the end by (a) the ceiling, a bare
 *       KafkaSource -&gt; keyBy(instrument) -&gt; discard job, and (b) SpreadJob with signals to
 *       Kafka, in the same run, same parallelism; quotes/s = N / job wall time.
 *   <li>Latency: SpreadJob live with a 20 ms watermark bound; a producer writes quotes stamped with
 *       the wall clock at a steady rate; a consumer takes, per signal, its poll time minus the
 *       receive time of the later of its two quotes (HdrHistogram, after a warm-up).
 * </ol>
 *
 * <pre>
 * mvn -B -q -pl jobs test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.deepalpha.jobs.bench.SpreadBenchmark -Dexec.args="1000000 5000 60"
 * </pre>
 *
 * Args: quotes for the throughput runs (default 1,000,000), quotes/s for the latency run (5,000),
 * latency run seconds (60; 0 skips the latency run).
 */
public final class SpreadBenchmark {
  private static final String[] INSTRUMENTS = {"BTC-USDT", "ETH-USDT", "BTC-USD", "ETH-USD"};
  private static final Venue[] VENUES = {
    Venue.BINANCE, Venue.OKX, Venue.BYBIT, Venue.COINBASE, Venue.KRAKEN
  };
  private static final int PARTITIONS = Integer.getInteger("bench.partitions", 2);
  private static final int PARALLELISM = Integer.getInteger("bench.parallelism", 2);

  private static final long SLOW_MS = Long.getLong("bench.slowMs", 0L);

  private static final Duration IDLENESS =
      Duration.ofMillis(Long.getLong("bench.idlenessMs", 1_000L));

  private SpreadBenchmark() {}

  public static void main(String[] args) throws Exception {
    long quotes = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    LocalStack stack = null;
    if (bootstrap == null) {
      stack =
          new LocalStack(StackSettings.anyPorts(Path.of("target/bench-stack").toAbsolutePath()));
      bootstrap = stack.up(line -> {}).kafkaBootstrap();
    }
    try {
      TradingConfig config = TradingConfig.load(Path.of("configs/trading.yaml"));
      if (quotes > 0) {
        throughput(bootstrap, config, quotes);
      }
      if (seconds > 0) {
        latency(bootstrap, config, rate, seconds);
      }
    } finally {
      if (stack != null) {
        stack.down(line -> {});
      }
    }
    System.exit(0);
  }

  private static void throughput(String bootstrap, TradingConfig config, long n) throws Exception {
    String quotes = topic(bootstrap, "bench.quotes", PARTITIONS);
    String configTopic = topic(bootstrap, "bench.config", 1);
    String signals = topic(bootstrap, "bench.signals", 3);
    long t0 = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, 20)) {
      Market market = new Market(new Random(1));
      WireCodec<Quote> codec = WireCodec.of(Quote.class);
      long startUs = 1_763_769_600_000_000L;
      for (long i = 0; i < n; i++) {
        Quote q = market.next(startUs + i * 50L, System.nanoTime());
        producer.send(
            new ProducerRecord<>(quotes, (int) (i % PARTITIONS), key(q), codec.encode(q)));
      }
      producer.flush();
    }
    System.out.printf("loaded %,d quotes in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);

    for (int round = 0; round < 2; round++) {
      double ceiling =
          runBounded(
              n,
              env -> {
                env.fromSource(
                        KafkaSources.events(
                            Quote.class,
                            bootstrap,
                            quotes,
                            "bench-ceiling-" + System.nanoTime(),
                            true,
                            true),
                        org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(),
                        "md.quotes")
                    .uid("bench-source")
                    .keyBy(new SpreadJob.InstrumentOf())
                    .sinkTo(new DiscardingSink<>())
                    .uid("bench-discard");
              });
      double spread =
          runBounded(
              n,
              env ->
                  new SpreadJob(
                          KafkaSources.events(
                              Quote.class,
                              bootstrap,
                              quotes,
                              "bench-spread-" + System.nanoTime(),
                              true,
                              true),
                          KafkaSources.config(
                              bootstrap,
                              "bench-config-" + System.nanoTime(),
                              List.of(configTopic),
                              true),
                          SignalKafkaSink.create(bootstrap, signals),
                          new DiscardingSink<>(),
                          new DiscardingSink<>(),
                          config,
                          new SpreadSettings(
                              Duration.ofMillis(20),
                              Duration.ofSeconds(1),
                              Duration.ofSeconds(1),
                              PARALLELISM))
                      .build(env));
      System.out.printf(
          "round %d: ceiling (KafkaSource -> keyBy -> discard) %,.0f quotes/s; SpreadJob %,.0f quotes/s; ratio %.1f %%%n",
          round, ceiling, spread, 100.0 * spread / ceiling);
    }
  }

  interface Topology {
    void build(StreamExecutionEnvironment env) throws Exception;
  }

  private static double runBounded(long n, Topology topology) throws Exception {
    StreamExecutionEnvironment env = JobEnvironment.create(Duration.ZERO, localCluster());
    env.setParallelism(PARALLELISM);
    topology.build(env);
    long t0 = System.nanoTime();
    env.execute("bench");
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private static Configuration localCluster() {
    Configuration c = new Configuration();
    // -Dbench.bufferTimeoutMs=100 measures with Flink's default network buffer timeout (the
    // setting before JobEnvironment.BUFFER_TIMEOUT), for a before/after in the same conditions.
    Long bufferTimeoutMs = Long.getLong("bench.bufferTimeoutMs");
    if (bufferTimeoutMs != null) {
      c.set(
          org.apache.flink.configuration.ExecutionOptions.BUFFER_TIMEOUT,
          Duration.ofMillis(bufferTimeoutMs));
    }
    c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    c.set(TaskManagerOptions.NUM_TASK_SLOTS, 4);
    return c;
  }

  private static void latency(String bootstrap, TradingConfig config, int rate, int seconds)
      throws Exception {
    String quotes = topic(bootstrap, "bench.live.quotes", PARTITIONS);
    String configTopic = topic(bootstrap, "bench.live.config", 1);
    String signals = topic(bootstrap, "bench.live.signals", 1);
    StreamExecutionEnvironment env = JobEnvironment.create(Duration.ZERO, localCluster());
    env.setParallelism(PARALLELISM);
    new SpreadJob(
            KafkaSources.events(Quote.class, bootstrap, quotes, "bench-live", true, false),
            KafkaSources.config(bootstrap, "bench-live-config", List.of(configTopic), false),
            SignalKafkaSink.create(bootstrap, signals),
            new DiscardingSink<>(),
            new DiscardingSink<>(),
            config,
            new SpreadSettings(Duration.ofMillis(20), IDLENESS, Duration.ofSeconds(1), PARALLELISM))
        .build(env);
    JobClient job = env.executeAsync("bench live");
    Thread.sleep(5_000); // job start-up

    AtomicBoolean running = new AtomicBoolean(true);
    Thread producerThread =
        new Thread(() -> produceLive(bootstrap, quotes, rate, running), "bench-producer");
    producerThread.start();
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    long runStart = System.nanoTime();
    // -Dbench.warmupS=N: the first seconds are not measured (JIT, class loading: the slow signals
    // of a 40 s run all fell in its first 17 s).
    long warmupS = Long.getLong("bench.warmupS", Math.min(10, seconds / 3));
    long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupS);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long signalsSeen = 0;
    long signalsTotal = 0;
    WireCodec<Signal> codec = WireCodec.of(Signal.class);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                1),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(signals, 0);
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      while (System.nanoTime() < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(1))) {
          long nowNs = wallNanos();
          signalsTotal++;
          Signal s = codec.decode(r.value());
          long quoteNs = Math.max(s.getBuyQuoteReceiveNs(), s.getSellQuoteReceiveNs());
          if (System.nanoTime() > warmupEnd) {
            histogram.recordValue(Math.max(0, nowNs - quoteNs));
            signalsSeen++;
            if (SLOW_MS > 0 && nowNs - quoteNs > SLOW_MS * 1_000_000L) {
              // -Dbench.slowMs=N: when the slow ones happen, to tell a periodic stall from a burst.
              System.out.printf(
                  "slow: t=%.3f s (%s) latency %.1f ms %s %s>%s%n",
                  (System.nanoTime() - runStart) / 1e9,
                  java.time.LocalTime.now(),
                  (nowNs - quoteNs) / 1e6,
                  s.getInstrument(),
                  s.getBuyVenue(),
                  s.getSellVenue());
            }
          }
        }
      }
    }
    running.set(false);
    producerThread.join();
    System.out.printf(
        "job status at the end: %s, signals incl. warm-up: %d%n",
        job.getJobStatus().get(), signalsTotal);
    job.cancel().get();
    System.out.printf(
        "latency quote receive -> signal readable in Kafka, bound 20 ms, %d quotes/s, %d signals: "
            + "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
        rate,
        signalsSeen,
        histogram.getValueAtPercentile(50) / 1e6,
        histogram.getValueAtPercentile(99) / 1e6,
        histogram.getValueAtPercentile(99.9) / 1e6,
        histogram.getMaxValue() / 1e6);
  }

  /** Quotes at a steady rate, stamped with the wall clock (exchange time = receive time). */
  private static void produceLive(String bootstrap, String topic, int rate, AtomicBoolean running) {
    Market market = new Market(new Random(2));
    WireCodec<Quote> codec = WireCodec.of(Quote.class);
    long intervalNs = 1_000_000_000L / rate;
    long next = System.nanoTime();
    long i = 0;
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, 0)) {
      while (running.get()) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
          continue;
        }
        long nowNs = wallNanos();
        Quote q = market.next(nowNs / 1_000L, nowNs);
        producer.send(
            new ProducerRecord<>(topic, (int) (i++ % PARTITIONS), key(q), codec.encode(q)));
        next += intervalNs;
      }
    }
  }

  private static long wallNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Venues random-walking around a common mid; now and then one of them is off by ~30 bps. */
  static final class Market {
    private final Random random;
    private final long[] mid = new long[INSTRUMENTS.length];
    private final long[] sequence = new long[VENUES.length];

    Market(Random random) {
      this.random = random;
      java.util.Arrays.fill(mid, 1_000_000_000L); // 100,000.0000
    }

    Quote next(long timeUs, long receiveNs) {
      int i = random.nextInt(INSTRUMENTS.length);
      int v = random.nextInt(VENUES.length);
      mid[i] += (random.nextInt(21) - 10) * 100L;
      long skew = random.nextInt(50) == 0 ? mid[i] * 130 / 10_000 : 0; // 130 bps off: an edge
      long m = mid[i] + (random.nextBoolean() ? skew : -skew);
      return Quote.newBuilder()
          .setVenue(VENUES[v])
          .setVenueSymbol(INSTRUMENTS[i])
          .setInstrument(INSTRUMENTS[i])
          .setExchangeTimeUs(timeUs)
          .setReceiveTimeNs(receiveNs)
          .setConnectionId(v)
          .setSequence(++sequence[v])
          .setPriceScale(4)
          .setSizeScale(8)
          .setBidPrice(m - 500)
          .setBidSize(10_000_000L)
          .setAskPrice(m + 500)
          .setAskSize(10_000_000L)
          .setTimeSource(TimeSource.EXCHANGE)
          .build();
    }
  }

  private static byte[] key(Quote q) {
    return q.getInstrument().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap, int lingerMs) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.LINGER_MS_CONFIG, lingerMs,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static String topic(String bootstrap, String name, int partitions) throws Exception {
    String topic = name + "." + System.nanoTime();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    return topic;
  }
}
