package io.deepalpha.jobs.wire;

import io.deepalpha.model.wire.WireCodec;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Writes events in the binary wire format of {@code model} (current schema version). */
public final class WireSerializationSchema<T extends SpecificRecordBase>
    implements SerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private transient WireCodec<T> codec;

  public WireSerializationSchema(Class<T> type) {
    this.type = type;
  }

  @Override
  public void open(InitializationContext context) {
    codec = WireCodec.of(type);
  }

  @Override
  public byte[] serialize(T element) {
    if (codec == null) {
      codec = WireCodec.of(type);
    }
    return codec.encode(element);
  }
}
