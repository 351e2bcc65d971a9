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
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of ingest: an idempotent producer ({@code enable.idempotence}, {@code acks=all},
 * unlimited retries within {@code delivery.timeout.ms}) writing quotes and trades keyed by
 * instrument and dead letters keyed by venue, in the binary wire format. A broker outage is ridden
 * out in the producer's buffer; what still fails is counted in {@code
 * ingest_kafka_producer_errors_total}. Thread-safe.
 */
public final class KafkaPublisher implements EventSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final PublisherSettings settings;
  private final IngestMetrics metrics;
  private final WireCodec<Quote> quotes = WireCodecs.quote();
  private final WireCodec<Trade> trades = WireCodecs.trade();
  private final WireCodec<DeadLetter> deadLetters = WireCodecs.deadLetter();
  private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
  private final Callback quoteAcked;
  private final Callback tradeAcked;
  private final Callback deadLetterAcked;
  private volatile long lastErrorLogNs;

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

  private byte[] key(String text) {
    return keys.computeIfAbsent(text, t -> t.getBytes(StandardCharsets.UTF_8));
  }

  private void send(String topic, byte[] key, byte[] value, Callback acked, long receiveTimeNs) {
    long receivedAt = receiveTimeNs;
    producer.send(
        new ProducerRecord<>(topic, key, value),
        (metadata, error) -> {
          if (error == null) {
            long latencyNs = WallClock.epochNanos() - receivedAt;
            metrics.receiveToAck.observe(Math.max(0, latencyNs) / 1e9);
          }
          acked.onCompletion(metadata, error);
        });
  }

  private Callback counting(String topic) {
    return (metadata, error) -> {
      if (error == null) {
        metrics.acked.labelValues(topic).inc();
        return;
      }
      metrics.producerErrors.labelValues(topic).inc();
      long now = System.nanoTime();
      if (now - lastErrorLogNs > 10_000_000_000L) { // at most one line per 10 s
        lastErrorLogNs = now;
        LOG.error(
            "Kafka send to {} failed (counted in ingest_kafka_producer_errors_total)",
            topic,
            error);
      }
    };
  }

  /** Blocks until everything sent so far is acknowledged or has failed. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
