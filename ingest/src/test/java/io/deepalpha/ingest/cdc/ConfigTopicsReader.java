package io.deepalpha.ingest.cdc;

import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.topic.Topics;
import io.deepalpha.model.wire.WireCodecs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the three config topics from where they end when it is opened. */
final class ConfigTopicsReader implements AutoCloseable {
  /** One record: its topic, its key as text, and the change (null for a tombstone). */
  record Received(String topic, String key, ConfigChange change) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<Received> received = new ArrayList<>();

  ConfigTopicsReader(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        List.of(
            new TopicPartition(Topics.CONFIG_INSTRUMENTS.name(), 0),
            new TopicPartition(Topics.CONFIG_STRATEGIES.name(), 0),
            new TopicPartition(Topics.CONFIG_RISK_LIMITS.name(), 0));
    consumer.assign(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    ends.forEach(consumer::seek);
  }

  /** Polls until a record received since opening matches, or fails after {@code max}. */
  Received await(Predicate<Received> wanted, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() - deadline < 0) {
      for (Received r : received) {
        if (wanted.test(r)) {
          return r;
        }
      }
      poll();
    }
    throw new AssertionError("nothing matching within " + max + "; received " + received);
  }

  /** Everything received since opening, in topic order per topic and arrival order between. */
  List<Received> received() {
    poll();
    return List.copyOf(received);
  }

  private void poll() {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      received.add(
          new Received(
              r.topic(),
              new String(r.key(), StandardCharsets.UTF_8),
              r.value() == null ? null : WireCodecs.configChange().decode(r.value())));
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
