package io.deepalpha.model.topic;

import io.deepalpha.model.EventType;
import java.util.Map;
import java.util.Objects;

/**
 * A Kafka topic of the wire contract, with what the stack launcher needs to create it.
 *
 * @param name the topic name, e.g. "md.quotes"
 * @param partitions the default partition count
 * @param configs topic-level configs that differ from the broker defaults (e.g. cleanup.policy)
 * @param eventType the type of every value on the topic
 */
public record Topic(
    String name, int partitions, Map<String, String> configs, EventType<?> eventType) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(eventType, "eventType");
    if (partitions < 1) {
      throw new IllegalArgumentException(name + ": partitions must be >= 1, was " + partitions);
    }
    configs = Map.copyOf(configs);
  }

  /** Whether the topic keeps only the latest value per key. */
  public boolean compacted() {
    return "compact".equals(configs.get(Topics.CLEANUP_POLICY));
  }
}
