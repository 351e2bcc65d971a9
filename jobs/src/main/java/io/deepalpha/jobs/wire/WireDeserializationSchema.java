package io.deepalpha.jobs.wire;

import io.deepalpha.model.wire.WireCodec;
import java.io.IOException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Reads the binary wire format of {@code model} (Avro single-object encoding, any schema version in
 * the history) into Flink. The produced type is Avro, so Flink state holding these events evolves
 * with the schema instead of falling back to Kryo.
 */
public final class WireDeserializationSchema<T extends SpecificRecordBase>
    implements DeserializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private transient WireCodec<T> codec;

  public WireDeserializationSchema(Class<T> type) {
    this.type = type;
  }

  @Override
  public void open(InitializationContext context) {
    codec = WireCodec.of(type);
  }

  @Override
  public T deserialize(byte[] message) throws IOException {
    if (codec == null) {
      codec = WireCodec.of(type);
    }
    return codec.decode(message);
  }

  @Override
  public boolean isEndOfStream(T nextElement) {
    return false;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return new AvroTypeInfo<>(type);
  }
}
