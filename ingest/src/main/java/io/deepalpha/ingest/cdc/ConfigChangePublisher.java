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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes config changes to their compacted {@code config.<table>} topic, keyed by the row key, in
 * the binary wire format; a DELETE is followed by a tombstone (null value, same key) so compaction
 * eventually forgets the row. {@link #publish} returns only once Kafka acknowledged every record of
 * the batch: the caller commits the engine's offsets after that, never before.
 */
final class ConfigChangePublisher implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final WireCodec<ConfigChange> codec = WireCodecs.configChange();
  private final CdcMetrics metrics;

  ConfigChangePublisher(String bootstrapServers, CdcMetrics metrics) {
    this.metrics = metrics;
    this.producer =
        new KafkaProducer<>(
            producerProperties(bootstrapServers),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  static Properties producerProperties(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // retries never reorder or duplicate
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // config changes are rare: no reason to wait
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000L);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "deepalpha-config-cdc");
    return p;
  }

  /**
   * Sends the changes in order and waits for Kafka's acknowledgement of each; throws if any fails.
   */
  void publish(List<ConfigChange> changes) throws InterruptedException {
    List<Future<RecordMetadata>> acks = new ArrayList<>(changes.size() * 2);
    for (ConfigChange change : changes) {
      String topic = topicOf(change.getTable()).name();
      byte[] key = change.getKey().getBytes(StandardCharsets.UTF_8);
      String table = change.getTable();
      String op = change.getOp().name();
      long commitTimeUs = change.getCommitTimeUs();
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
    }
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get();
      } catch (ExecutionException e) {
        metrics.errors.labelValues("kafka").inc();
        throw new IllegalStateException(
            "Kafka did not acknowledge a config change: " + e.getCause(), e.getCause());
      }
    }
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
    producer.close(Duration.ofSeconds(10));
  }
}
