package io.deepalpha.ingest.cdc;

import io.deepalpha.model.event.ChangeOp;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.topic.Topic;
import io.deepalpha.model.topic.Topics;
import io.deepalpha.model.wire.WireCodec;
import io.deepalpha.model.wire.WireCodecs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes config changes to their compacted {@code config.<table>} topic, keyed by the row key, in
 * the binary wire format; a DELETE is followed by a tombstone (null value, same key) so compaction
 * eventually forgets the row. {@link #publish} returns only once Kafka acknowledged every record of
 * the batch: the caller commits the engine's offsets after that, never before. A batch waiting for
 * acknowledgements can be given up with {@link #abort}: {@code publish} then throws, and the
 * batch's offsets are never committed.
 */
final class ConfigChangePublisher implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final WireCodec<ConfigChange> codec = WireCodecs.configChange();
  private final CdcMetrics metrics;

  /** When the batch in flight started waiting for Kafka; 0 when none is in flight. */
  private volatile long waitingSinceNs;

  private volatile String abort;

  ConfigChangePublisher(String bootstrapServers, CdcMetrics metrics, Duration kafkaOutageLimit) {
    this.metrics = metrics;
    this.producer =
        new KafkaProducer<>(
            producerProperties(bootstrapServers, kafkaOutageLimit),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /**
   * The producer gives a record up a little after {@code kafkaOutageLimit}, so the CDC's outage
   * watch (which fires at the limit, with a message naming the outage) normally speaks first; a
   * send that waits for partition metadata blocks at most the limit.
   */
  static Properties producerProperties(String bootstrapServers, Duration kafkaOutageLimit) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // retries never reorder or duplicate
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // config changes are rare: no reason to wait
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    p.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int) Math.min(Integer.MAX_VALUE, kafkaOutageLimit.toMillis() + 30_000));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, kafkaOutageLimit.toMillis());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "deepalpha-config-cdc");
    return p;
  }

  /**
   * Sends the changes in order and waits for Kafka's acknowledgement of each; throws if any fails.
   */
  void publish(List<ConfigChange> changes) throws InterruptedException {
    waitingSinceNs = System.nanoTime();
    try {
      awaitAll(send(changes));
    } finally {
      waitingSinceNs = 0;
    }
  }

  private List<Future<RecordMetadata>> send(List<ConfigChange> changes) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(changes.size() * 2);
    for (ConfigChange change : changes) {
      String topic = topicOf(change.getTable()).name();
      byte[] key = change.getKey().getBytes(StandardCharsets.UTF_8);
      String table = change.getTable();
      String op = change.getOp().name();
      long commitTimeUs = change.getCommitTimeUs();
      try {
        acks.add(
            producer.send(
                new ProducerRecord<>(topic, key, codec.encode(change)),
                (metadata, error) -> {
                  if (error == null) {
                    acknowledged(table, op, commitTimeUs);
                  }
                }));
        if (change.getOp() == ChangeOp.DELETE) {
          acks.add(producer.send(new ProducerRecord<>(topic, key, null)));
        }
      } catch (KafkaException e) { // e.g. no partition metadata within max.block.ms
        metrics.errors.labelValues("kafka").inc();
        throw new IllegalStateException("Kafka refused a config change: " + e, e);
      }
    }
    return acks;
  }

  private void awaitAll(List<Future<RecordMetadata>> acks) throws InterruptedException {
    for (Future<RecordMetadata> ack : acks) {
      while (true) {
        String aborted = abort;
        if (aborted != null) {
          throw new IllegalStateException("config changes not published: " + aborted);
        }
        try {
          ack.get(100, TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException stillWaiting) {
          // look at abort again
        } catch (ExecutionException e) {
          metrics.errors.labelValues("kafka").inc();
          throw new IllegalStateException(
              "Kafka did not acknowledge a config change: " + e.getCause(), e.getCause());
        }
      }
    }
  }

  /** How long the batch in flight has waited for Kafka; zero when none is in flight. */
  Duration waitingFor() {
    long since = waitingSinceNs;
    return since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
  }

  /** Makes the batch in flight (and any later one) fail with {@code reason} instead of waiting. */
  void abort(String reason) {
    abort = reason;
  }

  private void acknowledged(String table, String op, long commitTimeUs) {
    double lag = Math.max(0, System.currentTimeMillis() * 1_000 - commitTimeUs) / 1e6;
    metrics.published.labelValues(table, op).inc();
    metrics.lagSeconds.labelValues(table).set(lag);
    metrics.commitToAck.observe(lag);
  }

  static Topic topicOf(String table) {
    return Topics.configTopicOf(table)
        .orElseThrow(
            () -> new IllegalArgumentException("table " + table + " has no config.* topic"));
  }

  @Override
  public void close() {
    // After an abort (Kafka unreachable beyond the limit) nothing buffered can be delivered:
    // waiting for it would only delay the exit the supervisor is waiting for.
    producer.close(abort != null ? Duration.ZERO : Duration.ofSeconds(10));
  }
}
