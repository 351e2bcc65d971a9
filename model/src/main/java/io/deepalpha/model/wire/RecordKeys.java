package io.deepalpha.model.wire;

import io.deepalpha.model.EventType;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;

/**
 * Kafka record keys of the wire contract as UTF-8 bytes. Keys are plain text, not Avro, so that
 * partitioning by instrument is stable across schema versions and readable in any console tool.
 */
public final class RecordKeys {

  private RecordKeys() {}

  /** The key of a market or execution event: the canonical instrument, e.g. "BTC-USDT". */
  public static byte[] instrumentKey(String instrument) {
    return instrument.getBytes(StandardCharsets.UTF_8);
  }

  /** The key of {@code record} per BRIEF section 3 (see {@link EventType#keyOf}). */
  public static String keyOf(SpecificRecord record) {
    EventType<?> type = EventType.require(record);
    return keyOf(type, record);
  }

  /** {@link #keyOf(SpecificRecord)} as UTF-8 bytes. */
  public static byte[] keyBytesOf(SpecificRecord record) {
    return keyOf(record).getBytes(StandardCharsets.UTF_8);
  }

  private static <T extends SpecificRecord> String keyOf(EventType<T> type, SpecificRecord record) {
    return type.keyOf(type.recordClass().cast(record));
  }
}
