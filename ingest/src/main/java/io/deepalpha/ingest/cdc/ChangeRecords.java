package io.deepalpha.ingest.cdc;

import io.deepalpha.model.event.ChangeOp;
import io.deepalpha.model.event.ConfigChange;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium change events (the connector's envelope: before, after, source, op) to {@link
 * ConfigChange}s of docs/decisions/0002: key = primary-key columns in key order joined with '|',
 * every column as text, commit time from the source block. The version is the change's LSN here;
 * {@link VersionClock} makes it strictly increasing afterwards.
 */
final class ChangeRecords {

  private ChangeRecords() {}

  /** True for Debezium's own records (heartbeats), which carry a position but no row change. */
  static boolean isRowChange(SourceRecord record) {
    return record.value() instanceof Struct value
        && value.schema().field("op") != null
        && value.schema().field("source") != null
        && record.key() instanceof Struct;
  }

  /** The config change of a row-change record; see {@link #isRowChange}. */
  static ConfigChange toConfigChange(SourceRecord record) {
    Struct value = (Struct) record.value();
    Struct source = value.getStruct("source");
    ChangeOp op = opOf(value.getString("op"));
    return ConfigChange.newBuilder()
        .setTable(source.getString("table"))
        .setKey(keyOf((Struct) record.key()))
        .setOp(op)
        .setBefore(textOf(value.getStruct("before")))
        .setAfter(op == ChangeOp.DELETE ? null : textOf(value.getStruct("after")))
        .setVersion(lsnOf(source))
        .setCommitTimeUs(commitTimeUsOf(source))
        .build();
  }

  /** The primary key's columns, in the key's (= the table's key) order, joined with '|'. */
  static String keyOf(Struct key) {
    StringJoiner joined = new StringJoiner("|");
    for (Field field : key.schema().fields()) {
      joined.add(String.valueOf(text(key.get(field))));
    }
    return joined.toString();
  }

  static ChangeOp opOf(String op) {
    return switch (op) {
      case "r" -> ChangeOp.READ;
      case "c" -> ChangeOp.CREATE;
      case "u" -> ChangeOp.UPDATE;
      case "d" -> ChangeOp.DELETE;
      default -> throw new IllegalArgumentException("unexpected Debezium op '" + op + "'");
    };
  }

  private static Map<String, String> textOf(Struct row) {
    if (row == null) {
      return null;
    }
    Map<String, String> columns = new LinkedHashMap<>();
    for (Field field : row.schema().fields()) {
      columns.put(field.name(), text(row.get(field)));
    }
    return columns;
  }

  /**
   * Column text: numerics arrive as strings (decimal.handling.mode=string) and timestamptz as
   * ISO-8601 strings; booleans and integers print as PostgreSQL prints them.
   */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    }
    return value.toString();
  }

  private static long lsnOf(Struct source) {
    Long lsn = source.getInt64("lsn");
    if (lsn == null) {
      throw new IllegalArgumentException("change event without source.lsn: " + source);
    }
    return lsn;
  }

  private static long commitTimeUsOf(Struct source) {
    if (source.schema().field("ts_us") != null && source.getInt64("ts_us") != null) {
      return source.getInt64("ts_us");
    }
    return source.getInt64("ts_ms") * 1_000;
  }
}
