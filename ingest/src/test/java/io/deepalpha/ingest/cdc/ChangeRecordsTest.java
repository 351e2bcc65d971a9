package io.deepalpha.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepalpha.model.event.ChangeOp;
import io.deepalpha.model.event.ConfigChange;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Debezium envelopes built by hand, as the PostgreSQL connector shapes them for risk_limits. */
class ChangeRecordsTest {
  private static final long LSN = 24_023_128L;
  private static final long COMMIT_US = 1_763_779_200_123_456L;

  private static final Schema KEY =
      SchemaBuilder.struct()
          .field("scope", Schema.STRING_SCHEMA)
          .field("scope_key", Schema.STRING_SCHEMA)
          .field("metric", Schema.STRING_SCHEMA)
          .build();
  private static final Schema ROW =
      SchemaBuilder.struct()
          .optional()
          .field("scope", Schema.STRING_SCHEMA)
          .field("scope_key", Schema.STRING_SCHEMA)
          .field("metric", Schema.STRING_SCHEMA)
          .field("warn_value", Schema.STRING_SCHEMA)
          .field("halt_value", Schema.OPTIONAL_STRING_SCHEMA)
          .field("enabled", Schema.OPTIONAL_BOOLEAN_SCHEMA)
          .field("cooldown_ms", Schema.OPTIONAL_INT32_SCHEMA)
          .build();
  private static final Schema SOURCE =
      SchemaBuilder.struct()
          .field("table", Schema.STRING_SCHEMA)
          .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
          .field("ts_ms", Schema.INT64_SCHEMA)
          .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
          .build();
  private static final Schema ENVELOPE =
      SchemaBuilder.struct()
          .field("before", ROW)
          .field("after", ROW)
          .field("source", SOURCE)
          .field("op", Schema.STRING_SCHEMA)
          .build();

  @Test
  void anUpdateCarriesKeyValuesAsTextLsnAndCommitTime() {
    ConfigChange change =
        ChangeRecords.toConfigChange(record("u", row("0.08", "0.1"), row("0.08", "0.2")));

    assertThat(change.getTable()).isEqualTo("risk_limits");
    assertThat(change.getKey()).isEqualTo("INSTRUMENT|BTC-USDT|position");
    assertThat(change.getOp()).isEqualTo(ChangeOp.UPDATE);
    assertThat(change.getBefore()).containsEntry("halt_value", "0.1");
    assertThat(change.getAfter())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "scope", "INSTRUMENT",
                "scope_key", "BTC-USDT",
                "metric", "position",
                "warn_value", "0.08",
                "halt_value", "0.2",
                "enabled", "true",
                "cooldown_ms", "1000"));
    assertThat(change.getVersion()).isEqualTo(LSN);
    assertThat(change.getCommitTimeUs()).isEqualTo(COMMIT_US);
  }

  @Test
  void aNullColumnStaysNull() {
    Struct after = row("0.08", null);
    assertThat(ChangeRecords.toConfigChange(record("c", null, after)).getAfter())
        .containsEntry("halt_value", null);
  }

  @Test
  void snapshotInsertAndDeleteMapToTheirOps() {
    assertThat(ChangeRecords.toConfigChange(record("r", null, row("1", "2"))).getOp())
        .isEqualTo(ChangeOp.READ);
    ConfigChange created = ChangeRecords.toConfigChange(record("c", null, row("1", "2")));
    assertThat(created.getOp()).isEqualTo(ChangeOp.CREATE);
    assertThat(created.getBefore()).isNull();
    ConfigChange deleted = ChangeRecords.toConfigChange(record("d", row("1", "2"), null));
    assertThat(deleted.getOp()).isEqualTo(ChangeOp.DELETE);
    assertThat(deleted.getAfter()).isNull();
    assertThat(deleted.getBefore()).containsEntry("warn_value", "1");
  }

  @Test
  void commitTimeFallsBackToMillisecondsWithoutTsUs() {
    Struct source = source().put("ts_us", null);
    SourceRecord record = record(envelope("u", row("1", "2"), row("1", "3"), source));
    assertThat(ChangeRecords.toConfigChange(record).getCommitTimeUs())
        .isEqualTo(1_763_779_200_123_000L);
  }

  @Test
  void heartbeatsAreNotRowChanges() {
    Schema heartbeat = SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build();
    SourceRecord record =
        new SourceRecord(
            Map.of(),
            Map.of(),
            "__debezium-heartbeat.deepalpha",
            null,
            null,
            heartbeat,
            new Struct(heartbeat).put("ts_ms", 1L));
    assertThat(ChangeRecords.isRowChange(record)).isFalse();
    assertThat(ChangeRecords.isRowChange(record("u", row("1", "2"), row("1", "3")))).isTrue();
  }

  @Test
  void aTruncateOrUnknownOpIsRefusedNamingIt() {
    assertThatThrownBy(() -> ChangeRecords.opOf("t")).hasMessageContaining("'t'");
  }

  private static Struct row(String warn, String halt) {
    return new Struct(ROW)
        .put("scope", "INSTRUMENT")
        .put("scope_key", "BTC-USDT")
        .put("metric", "position")
        .put("warn_value", warn)
        .put("halt_value", halt)
        .put("enabled", true)
        .put("cooldown_ms", 1000);
  }

  private static Struct source() {
    return new Struct(SOURCE)
        .put("table", "risk_limits")
        .put("lsn", LSN)
        .put("ts_ms", COMMIT_US / 1000)
        .put("ts_us", COMMIT_US);
  }

  private static Struct envelope(String op, Struct before, Struct after, Struct source) {
    return new Struct(ENVELOPE)
        .put("before", before)
        .put("after", after)
        .put("source", source)
        .put("op", op);
  }

  private static SourceRecord record(String op, Struct before, Struct after) {
    return record(envelope(op, before, after, source()));
  }

  private static SourceRecord record(Struct value) {
    Struct key =
        new Struct(KEY)
            .put("scope", "INSTRUMENT")
            .put("scope_key", "BTC-USDT")
            .put("metric", "position");
    return new SourceRecord(
        Map.of(), Map.of(), "deepalpha.public.risk_limits", null, KEY, key, ENVELOPE, value);
  }
}
