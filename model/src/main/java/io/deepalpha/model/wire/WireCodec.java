package io.deepalpha.model.wire;

import io.deepalpha.model.EventType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Binary wire form of one event type: Avro single-object encoding, i.e. 0xC3 0x01, the 8-byte
 * CRC-64-AVRO fingerprint of the writer's schema (little-endian), then Avro binary.
 *
 * <p>The fingerprint lets a consumer pick the writer schema among every version it knows (the
 * current one and all of {@link SchemaHistory}), so new fields are filled with their defaults when
 * old bytes arrive. Thread-safe: Avro keeps its scratch buffers per thread.
 *
 * @param <T> the generated Avro record class
 */
public final class WireCodec<T extends SpecificRecord> {

  private static final int HEADER_LENGTH = 10;

  private final Class<T> type;
  private final Schema schema;
  private final List<Schema> versions;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private WireCodec(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    this.type = type;
    this.schema = model.getSchema(type);
    SchemaStore.Cache known = new SchemaStore.Cache();
    List<Schema> previous = SchemaHistory.previousVersions(schema);
    previous.forEach(known::addSchema);
    this.versions = concat(previous, schema);
    // No copy: encode(T) copies the thread-local buffer into an exact-size array itself.
    this.encoder = new BinaryMessageEncoder<>(model, schema, false);
    this.decoder = new BinaryMessageDecoder<>(model, schema, known);
  }

  /** A codec for a generated record class; prefer the shared ones in {@link WireCodecs}. */
  public static <T extends SpecificRecord> WireCodec<T> of(Class<T> type) {
    return new WireCodec<>(type);
  }

  /** A codec for an event type of the contract. */
  public static <T extends SpecificRecord> WireCodec<T> of(EventType<T> eventType) {
    return new WireCodec<>(eventType.recordClass());
  }

  /** The single-object encoding of {@code record} with the current schema. */
  public byte[] encode(T record) {
    try {
      ByteBuffer encoded = encoder.encode(record);
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
    }
  }

  /** Writes the single-object encoding of {@code record} to {@code out}. */
  public void encode(T record, OutputStream out) throws IOException {
    encoder.encode(record, out);
  }

  /** Decodes bytes written with the current or any earlier version of the schema. */
  public T decode(byte[] bytes) {
    return decode(bytes, null);
  }

  /**
   * Like {@link #decode(byte[])}, but fills {@code reuse} (when not null) instead of allocating a
   * new record, for consumers that process one event at a time.
   */
  public T decode(byte[] bytes, T reuse) {
    try {
      return decoder.decode(bytes, reuse);
    } catch (MissingSchemaException e) {
      throw new WireFormatException(
          "cannot decode "
              + type.getSimpleName()
              + ": unknown writer schema fingerprint "
              + hex(fingerprintOf(bytes))
              + "; this reader knows "
              + describeVersions()
              + ". Bytes from a newer producer? Upgrade consumers before producers.",
          e);
    } catch (BadHeaderException e) {
      throw new WireFormatException(
          "not a single-object encoded " + type.getSimpleName() + ": " + e.getMessage(), e);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new WireFormatException(
          "corrupt or truncated " + type.getSimpleName() + " (" + bytes.length + " bytes)", e);
    }
  }

  public Class<T> type() {
    return type;
  }

  /** The current schema, the one {@link #encode} writes. */
  public Schema schema() {
    return schema;
  }

  /** The current schema's version number (1 for a type that never changed). */
  public int version() {
    return versions.size();
  }

  /** Every schema this codec can read, oldest first; the last is {@link #schema()}. */
  public List<Schema> readableSchemas() {
    return versions;
  }

  /** The writer-schema fingerprint in the header of single-object encoded {@code bytes}. */
  public static long fingerprintOf(byte[] bytes) {
    if (bytes.length < HEADER_LENGTH) {
      throw new IllegalArgumentException("shorter than the 10-byte header: " + bytes.length);
    }
    return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private String describeVersions() {
    return IntStream.range(0, versions.size())
        .mapToObj(
            i ->
                "v"
                    + (i + 1)
                    + " "
                    + hex(SchemaNormalization.parsingFingerprint64(versions.get(i))))
        .collect(Collectors.joining(", "));
  }

  private static String hex(long fingerprint) {
    return String.format("0x%016x", fingerprint);
  }

  private static List<Schema> concat(List<Schema> previous, Schema current) {
    return Stream.concat(previous.stream(), Stream.of(current)).toList();
  }
}
