package io.deepalpha.executor.bench;

import io.deepalpha.executor.Executor;
import io.deepalpha.executor.config.ConfigLoader;
import io.deepalpha.executor.core.ClientOrderIds;
import io.deepalpha.executor.core.Leg;
import io.deepalpha.executor.venue.sim.VenueSimulator;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.topic.Topic;
import io.deepalpha.model.topic.Topics;
import io.deepalpha.model.wire.RecordKeys;
import io.deepalpha.model.wire.WireCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Kafka produce of a wire-format Signal → the executor's Binance new-order request bytes arriving
 * at a local venue endpoint, against a running broker (the local stack), and in the same run, on
 * the same broker and producer, a raw produce → poll round trip of a plain consumer with the
 * executor's fetch settings. The difference of the two at each percentile is what the executor adds
 * to the Kafka hop. Requests go through a {@link WireTap} (clock stops at the first byte on the
 * wire) to the {@link VenueSimulator}, which answers. The two hops alternate, one at a time, each
 * signal finished (both legs answered) before the next.
 *
 * <pre>
 * bin/deepalpha stack up    # once; the harness creates and deletes its own suffixed topics
 * mvn -B -q -pl executor test-compile
 * mvn -B -q -pl executor exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   "-Dexec.args=-Xmx512m --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp %classpath \
 *    io.deepalpha.executor.bench.KafkaToWireHarness --warmup 300 --measured 2000 --idle busy-spin"
 * </pre>
 */
@Command(
    name = "kafka-to-wire-harness",
    mixinStandardHelpOptions = true,
    description = "Kafka produce -> executor request on the wire, next to raw produce -> poll.")
public final class KafkaToWireHarness implements Callable<Integer> {
  @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "Kafka.")
  String bootstrap;

  @Option(names = "--warmup", defaultValue = "300", description = "Unrecorded signals first.")
  int warmup;

  @Option(names = "--measured", defaultValue = "2000", description = "Recorded signals.")
  int measured;

  @Option(
      names = "--idle",
      defaultValue = "busy-spin",
      description = "The executor's IDLE_STRATEGY: busy-spin, backoff, yield, sleep.")
  String idle;

  @Option(names = "--gap-ms", defaultValue = "2", description = "Pause between hops, ms.")
  int gapMs;

  public static void main(String[] args) {
    System.exit(new CommandLine(new KafkaToWireHarness()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String suffix = ".bench" + System.currentTimeMillis();
    String rawTopic = "bench.raw" + suffix;
    List<String> created = createTopics(suffix, rawTopic);
    String loadBefore = loadAverage();
    Path journal = Files.createTempDirectory("bench-journal");
    Histogram raw = new Histogram(60_000_000_000L, 3);
    Histogram viaExecutor = new Histogram(60_000_000_000L, 3);
    int missing = 0;
    try (VenueSimulator sim = new VenueSimulator("k", "s", "p");
        WireTap tap = new WireTap(URI.create(sim.binanceUrl()).getPort());
        KafkaProducer<byte[], byte[]> producer = producer();
        RawConsumer rawConsumer = new RawConsumer(bootstrap, rawTopic, warmup + measured);
        Executor executor =
            Executor.start(
                ConfigLoader.load(List.of(), env(suffix, journal, tap)), List.of(), Map.of())) {
      awaitReady(executor);
      WireCodec<Signal> signals = WireCodec.of(Signal.class);
      WireCodec<Quote> quotes = WireCodec.of(Quote.class);
      ClientOrderIds ids = new ClientOrderIds();
      String quotesTopic = Topics.MD_QUOTES.name() + suffix;
      String signalsTopic = Topics.SIGNALS.name() + suffix;
      Quote q = InProcessLatencyHarness.quote();
      for (int i = 0; i < warmup + measured; i++) {
        q.setExchangeTimeUs(System.currentTimeMillis() * 1000);
        producer
            .send(new ProducerRecord<>(quotesTopic, RecordKeys.keyBytesOf(q), quotes.encode(q)))
            .get();
        pause();
        // Alternate which hop goes first so neither always finds a freshly woken broker.
        long rawNs = i % 2 == 0 ? rawHop(producer, rawConsumer, rawTopic, i) : -1;
        pause();
        Signal s = InProcessLatencyHarness.signal("kbench" + suffix + "-" + i);
        s.setEventTimeUs(System.currentTimeMillis() * 1000);
        String buyId = ids.derive(s.getSignalId(), Leg.BUY);
        byte[] value = signals.encode(s);
        byte[] key = RecordKeys.keyBytesOf(s);
        long t0 = System.nanoTime();
        producer.send(new ProducerRecord<>(signalsTopic, key, value));
        Long arrived = tap.awaitArrival(buyId, TimeUnit.SECONDS.toNanos(10));
        awaitIdle(executor);
        pause();
        if (rawNs < 0) {
          rawNs = rawHop(producer, rawConsumer, rawTopic, i);
        }
        if (i < warmup) {
          continue;
        }
        if (arrived == null || rawNs < 0) {
          missing++;
          continue;
        }
        viaExecutor.recordValue(arrived - t0);
        raw.recordValue(rawNs);
      }
      System.out.printf(
          "executor IDLE_STRATEGY=%s, %d warm-up + %d measured, load average before: %s, after: %s%n",
          idle, warmup, measured, loadBefore, loadAverage());
      print("raw Kafka produce -> poll", raw);
      print("Kafka produce signal -> buy request on the wire", viaExecutor);
      System.out.printf(
          "added by the executor (us): p50 %+.1f  p90 %+.1f  p99 %+.1f  p99.9 %+.1f%n",
          added(viaExecutor, raw, 50),
          added(viaExecutor, raw, 90),
          added(viaExecutor, raw, 99),
          added(viaExecutor, raw, 99.9));
      System.out.printf(
          "missing (no request within 10 s or raw record lost): %d; orders at the venue %d,"
              + " duplicates %d; RSS of this JVM (executor + simulator + harness) %s%n",
          missing, sim.newOrderClientIds().size(), sim.duplicates(), InProcessLatencyHarness.rss());
    } finally {
      deleteTopics(created);
    }
    return missing == 0 ? 0 : 1;
  }

  private Map<String, String> env(String suffix, Path journal, WireTap tap) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("KAFKA_TOPIC_SUFFIX", suffix);
    env.put("KAFKA_GROUP_ID", "bench" + suffix);
    env.put("JOURNAL_DIR", journal.toString());
    env.put("HTTP_PORT", "0");
    env.put("TRADING_MODE", "testnet");
    env.put("VENUES", "BINANCE");
    env.put("API_ENDPOINT", tap.url());
    env.put("BINANCE_API_KEY", "k");
    env.put("BINANCE_API_SECRET", "s");
    env.put("IDLE_STRATEGY", idle);
    env.put("MAX_POSITION_SIZE", "1000000");
    env.put("RISK_LIMIT", "1");
    env.put("ACCOUNT_EQUITY", "1000000000000");
    env.put("MAX_NOTIONAL", "1000000000");
    env.put("ORDER_RATE_PER_SEC", "10000");
    env.put("ORDER_RATE_BURST", "10000");
    return env;
  }

  private long rawHop(
      KafkaProducer<byte[], byte[]> producer, RawConsumer consumer, String topic, int i) {
    long t0 = System.nanoTime();
    producer.send(new ProducerRecord<>(topic, null, ByteBuffer.allocate(4).putInt(i).array()));
    long at = consumer.await(i, TimeUnit.SECONDS.toNanos(10));
    return at < 0 ? -1 : at - t0;
  }

  private void pause() throws InterruptedException {
    if (gapMs > 0) {
      Thread.sleep(gapMs);
    }
  }

  private static double added(Histogram executor, Histogram raw, double percentile) {
    return (executor.getValueAtPercentile(percentile) - raw.getValueAtPercentile(percentile)) / 1e3;
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.LINGER_MS_CONFIG, "0",
            ProducerConfig.ACKS_CONFIG, "1"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private List<String> createTopics(String suffix, String rawTopic) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (Topic t : Topics.all()) {
      topics.add(new NewTopic(t.name() + suffix, t.partitions(), (short) 1).configs(t.configs()));
    }
    topics.add(new NewTopic(rawTopic, 1, (short) 1));
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
    List<String> names = new ArrayList<>();
    topics.forEach(t -> names.add(t.name()));
    return names;
  }

  private void deleteTopics(List<String> names) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.deleteTopics(names).all().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("could not delete the bench topics " + names + ": " + e);
    }
  }

  /** The executor's /ready: journal recovered, signals partitions assigned, venue reachable. */
  private static void awaitReady(Executor executor) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + executor.httpPort() + "/ready"))
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("executor not ready within 120 s");
      }
      Thread.sleep(100);
    }
  }

  /** Both legs answered and applied, so the next signal finds idle connections. */
  private static void awaitIdle(Executor executor) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (executor.engine().ordersInFlight() > 0 && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(100_000);
    }
  }

  static String loadAverage() throws Exception {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
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

  /**
   * A plain consumer on its own thread, blocked in poll(), with the executor's fetch settings
   * (fetch.min.bytes=1, fetch.max.wait.ms=1): the baseline a Kafka client gets from the broker.
   */
  static final class RawConsumer implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicLongArray arrivals;
    private final Thread thread;
    private volatile Thread waiter;
    private volatile boolean closed;

    RawConsumer(String bootstrap, String topic, int records) {
      arrivals = new AtomicLongArray(records);
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                  ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                  ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1",
                  ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "1",
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer());
      consumer.assign(List.of(new TopicPartition(topic, 0)));
      thread = new Thread(this::run, "raw-consumer");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      try {
        while (!closed) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            long now = System.nanoTime();
            arrivals.set(ByteBuffer.wrap(r.value()).getInt(), now);
            Thread w = waiter;
            if (w != null) {
              LockSupport.unpark(w);
            }
          }
        }
      } catch (org.apache.kafka.common.errors.WakeupException e) {
        // closing
      } finally {
        consumer.close();
      }
    }

    long await(int i, long timeoutNs) {
      long deadline = System.nanoTime() + timeoutNs;
      waiter = Thread.currentThread();
      try {
        long at;
        while ((at = arrivals.get(i)) == 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return -1;
          }
          LockSupport.parkNanos(Math.min(left, 1_000_000L));
        }
        return at;
      } finally {
        waiter = null;
      }
    }

    @Override
    public void close() throws InterruptedException {
      closed = true;
      consumer.wakeup();
      thread.join(5000);
    }
  }
}
