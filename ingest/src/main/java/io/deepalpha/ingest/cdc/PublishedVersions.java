package io.deepalpha.ingest.cdc;

import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.wire.WireCodec;
import io.deepalpha.model.wire.WireCodecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The highest config version already on the config topics, read from their tails at start so the
 * {@link VersionClock} of a restarted CDC never goes below what consumers have applied.
 */
final class PublishedVersions {
  /** Records read back per partition: a DELETE and its tombstone are the last two at most. */
  static final int TAIL = 100;

  private PublishedVersions() {}

  static long highest(String bootstrapServers, List<String> tables, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "deepalpha-config-cdc-versions");
    WireCodec<ConfigChange> codec = WireCodecs.configChange();
    long highest = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String table : tables) {
        String topic = ConfigChangePublisher.topicOf(table).name();
        for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, timeout);
      List<TopicPartition> open = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        long from = Math.max(starts.get(tp), ends.get(tp) - TAIL);
        if (from < ends.get(tp)) {
          consumer.seek(tp, from);
          open.add(tp);
        }
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!open.isEmpty()) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "--kafka: could not read the tails of " + open + " within " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null) {
            highest = Math.max(highest, codec.decode(r.value()).getVersion());
          }
        }
        open.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
      }
    }
    return highest;
  }
}
