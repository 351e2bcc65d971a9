package io.deepalpha.ingest.kafka;

import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.time.WallClock;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.wire.WireCodec;
import io.deepalpha.model.wire.WireCodecs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of ingest: an idempotent producer ({@code enable.idempotence}, {@code acks=all},
 * unlimited retries within {@code delivery.timeout.ms}) writing quotes and trades keyed by
 * instrument and dead letters keyed by venue, in the binary wire format. A broker outage is ridden
 * out in the producer's buffer.
 *
 * <p>Some failures end a batch even though the record was never stored: the idempotent producer
 * fails a batch with {@code OutOfOrderSequenceException} or {@code UnknownProducerIdException} when
 * a restarted broker lost its producer state, and expires a batch that waited out a long outage.
 * Those records are sent again (up to {@value #MAX_RESENDS} times, from a thread of their own,
 * never from the producer's I/O thread, which must not block on its own buffer) and counted in
 * {@code ingest_kafka_resends_total}. A resend of a batch that expired while in flight may store a
 * record twice; consumers identify events by connection id + sequence. What still fails is counted
 * in {@code ingest_kafka_producer_errors_total}. Thread-safe.
 */
public final class KafkaPublisher implements EventSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final PublisherSettings settings;
  private final IngestMetrics metrics;

  /** How many times one record is sent again after a failure that left it unstored. */
  static final int MAX_RESENDS = 5;

  private final WireCodec<Quote> quotes = WireCodecs.quote();
  private final WireCodec<Trade> trades = WireCodecs.trade();
  private final WireCodec<DeadLetter> deadLetters = WireCodecs.deadLetter();
  private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
  private final Callback quoteAcked;
  private final Callback tradeAcked;
  private final Callback deadLetterAcked;
  private volatile long lastErrorLogNs;

  /** The last record that finished failed for good (set and cleared on the producer's thread). */
  private volatile String failing;

  private volatile LongConsumer ackLatencyListener = latencyNs -> {};
  private final Resender resender = new Resender();

  public KafkaPublisher(PublisherSettings settings, IngestMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
    this.producer =
        new KafkaProducer<>(
            producerProperties(settings), new ByteArraySerializer(), new ByteArraySerializer());
    this.quoteAcked = counting(settings.quotesTopic());
    this.tradeAcked = counting(settings.tradesTopic());
    this.deadLetterAcked = counting(settings.deadLetterTopic());
  }

  static Properties producerProperties(PublisherSettings settings) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
    p.put(ProducerConfig.LINGER_MS_CONFIG, settings.lingerMs());
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, settings.deliveryTimeoutMs());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100);
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
    // Keep the known partitions while the brokers are unreachable: the default (rebootstrap)
    // forgets them, and then send() blocks the network thread waiting for metadata instead of
    // buffering.
    p.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
    // A full buffer blocks the sending (network) thread: back-pressure instead of dropping.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) settings.deliveryTimeoutMs());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "deepalpha-ingest");
    return p;
  }

  @Override
  public void onQuote(Quote quote) {
    send(
        settings.quotesTopic(),
        key(quote.getInstrument()),
        quotes.encode(quote),
        quoteAcked,
        quote.getReceiveTimeNs());
  }

  @Override
  public void onTrade(Trade trade) {
    send(
        settings.tradesTopic(),
        key(trade.getInstrument()),
        trades.encode(trade),
        tradeAcked,
        trade.getReceiveTimeNs());
  }

  @Override
  public void onDeadLetter(DeadLetter deadLetter) {
    send(
        settings.deadLetterTopic(),
        key(deadLetter.getSource()),
        deadLetters.encode(deadLetter),
        deadLetterAcked,
        deadLetter.getReceiveTimeNs());
  }

  /**
   * Also hands every receive-to-acknowledgement latency (ns) to {@code listener}, on the producer's
   * I/O thread (benchmarks record it in an HdrHistogram; the Prometheus histogram is coarse).
   */
  public void onAckLatency(LongConsumer listener) {
    this.ackLatencyListener = listener;
  }

  private byte[] key(String text) {
    return keys.computeIfAbsent(text, t -> t.getBytes(StandardCharsets.UTF_8));
  }

  private void send(String topic, byte[] key, byte[] value, Callback acked, long receiveTimeNs) {
    send(new ProducerRecord<>(topic, key, value), acked, receiveTimeNs, 0);
  }

  private void send(
      ProducerRecord<byte[], byte[]> record, Callback acked, long receivedAt, int resends) {
    producer.send(
        record,
        (metadata, error) -> {
          if (error == null) {
            long latencyNs = WallClock.epochNanos() - receivedAt;
            metrics.receiveToAck.observe(Math.max(0, latencyNs) / 1e9);
            ackLatencyListener.accept(latencyNs);
          } else if (resends < MAX_RESENDS && notStored(error)) {
            metrics.resends.labelValues(record.topic(), error.getClass().getSimpleName()).inc();
            resender.submit(() -> resend(record, acked, receivedAt, resends + 1));
            return;
          }
          acked.onCompletion(metadata, error);
          if (resends > 0) {
            resender.done();
          }
        });
  }

  private void resend(
      ProducerRecord<byte[], byte[]> record, Callback acked, long receivedAt, int resends) {
    try {
      send(record, acked, receivedAt, resends);
    } catch (RuntimeException closed) { // the producer closed while this waited
      acked.onCompletion(null, closed);
      resender.done();
    }
  }

  /** Failures after which the broker does not hold the record (or may not: expiry, timeouts). */
  static boolean notStored(Exception error) {
    return error instanceof RetriableException
        || error instanceof OutOfOrderSequenceException
        || error instanceof UnknownProducerIdException
        || error instanceof InvalidProducerEpochException;
  }

  private Callback counting(String topic) {
    return (metadata, error) -> {
      if (error == null) {
        metrics.acked.labelValues(topic).inc();
        if (failing != null) {
          failing = null;
        }
        return;
      }
      metrics.producerErrors.labelValues(topic).inc();
      failing = topic + ": " + error.getClass().getSimpleName();
      long now = System.nanoTime();
      if (now - lastErrorLogNs > 10_000_000_000L) { // at most one line per 10 s
        lastErrorLogNs = now;
        LOG.error(
            "Kafka send to {} failed for good: {} (counted in"
                + " ingest_kafka_producer_errors_total)",
            topic,
            error.getClass().getSimpleName(),
            error);
      }
    };
  }

  /**
   * For {@code /ready}: not ready while the last record that finished failed for good (after the
   * producer's retries) and none has been acknowledged since; null otherwise.
   */
  public String notReadyReason() {
    String failure = failing;
    return failure == null
        ? null
        : "the last send failed for good (" + failure + ") and none was acknowledged since";
  }

  /** Blocks until everything sent so far is acknowledged or has failed, resends included. */
  public void flush() {
    do {
      producer.flush();
    } while (!resender.awaitIdle(Duration.ofMillis(100)));
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
    resender.close();
  }

  /**
   * One daemon thread that sends failed records again. {@code pending} counts records handed to it
   * whose resend has not completed, so {@link #flush()} can wait for them.
   */
  private static final class Resender implements AutoCloseable {
    private final ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "kafka-resend");
              t.setDaemon(true);
              return t;
            });
    private final AtomicInteger pending = new AtomicInteger();

    void submit(Runnable resend) {
      pending.incrementAndGet();
      thread.execute(resend);
    }

    void done() {
      pending.decrementAndGet();
    }

    /** True when nothing is pending; otherwise waits up to {@code max} and returns false. */
    boolean awaitIdle(Duration max) {
      if (pending.get() == 0) {
        return true;
      }
      LockSupport.parkNanos(max.toNanos());
      return false;
    }

    @Override
    public void close() {
      thread.shutdown();
    }
  }
}
