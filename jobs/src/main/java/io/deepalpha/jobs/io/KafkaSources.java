package io.deepalpha.jobs.io;

import io.deepalpha.jobs.wire.WireDeserializationSchema;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.topic.Topics;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/** Kafka sources of the wire contract's topics. */
public final class KafkaSources {
  private KafkaSources() {}

  /**
   * An event topic. A restore from a checkpoint or savepoint continues from the offsets in it; a
   * start without one continues from the consumer group's offsets (committed at every completed
   * checkpoint), so a restarted process neither skips nor loses what its sinks had not stored yet;
   * a group that never committed begins at the earliest or the latest offsets. Bounded at the
   * latest offsets when {@code bounded} (tests, benchmarks, catch-up runs).
   */
  public static <T extends SpecificRecordBase> KafkaSource<T> events(
      Class<T> type,
      String bootstrap,
      String topic,
      String groupId,
      boolean fromEarliest,
      boolean bounded) {
    KafkaSourceBuilder<T> builder =
        KafkaSource.<T>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(topic)
            .setGroupId(groupId)
            .setStartingOffsets(committedOr(fromEarliest))
            .setValueOnlyDeserializer(new WireDeserializationSchema<>(type))
            .setProperties(consumerProperties());
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /** The contract's live-config topics. */
  public static final List<String> CONFIG_TOPICS =
      List.of(
          Topics.CONFIG_INSTRUMENTS.name(),
          Topics.CONFIG_STRATEGIES.name(),
          Topics.CONFIG_RISK_LIMITS.name());

  /**
   * Config topics, always from the beginning: the compacted log is the current config. Live jobs
   * never bound it (changes must keep arriving); tests and replays may.
   */
  public static KafkaSource<ConfigChange> config(
      String bootstrap, String groupId, List<String> topics, boolean bounded) {
    KafkaSourceBuilder<ConfigChange> builder =
        KafkaSource.<ConfigChange>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(topics)
            .setGroupId(groupId)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new WireDeserializationSchema<>(ConfigChange.class))
            .setProperties(consumerProperties());
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  // The connector's API still takes Kafka's OffsetResetStrategy, deprecated since Kafka 4.0.
  @SuppressWarnings({"deprecation", "removal"})
  private static OffsetsInitializer committedOr(boolean fromEarliest) {
    return OffsetsInitializer.committedOffsets(
        fromEarliest
            ? org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST
            : org.apache.kafka.clients.consumer.OffsetResetStrategy.LATEST);
  }

  private static Properties consumerProperties() {
    Properties p = new Properties();
    // Low latency over batching: a fetch returns as soon as one record is there.
    p.setProperty("fetch.min.bytes", "1");
    p.setProperty("fetch.max.wait.ms", "5");
    p.setProperty("partition.discovery.interval.ms", "60000");
    return p;
  }
}
