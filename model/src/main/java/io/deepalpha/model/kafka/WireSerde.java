package io.deepalpha.model.kafka;

import io.deepalpha.model.wire.WireCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka client serde for one event type in the binary wire format ({@link WireCodec}): for plain
 * producers and consumers (ingest, executor, CLIs). Flink jobs use their own schemas in {@code
 * jobs}.
 */
public final class WireSerde<T extends SpecificRecord> implements Serde<T> {
  private final WireCodec<T> codec;

  private WireSerde(WireCodec<T> codec) {
    this.codec = codec;
  }

  public static <T extends SpecificRecord> WireSerde<T> of(Class<T> type) {
    return new WireSerde<>(WireCodec.of(type));
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, record) -> record == null ? null : codec.encode(record);
  }

  /** Tombstones (null values on compacted topics) come back as null. */
  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : codec.decode(bytes);
  }
}
