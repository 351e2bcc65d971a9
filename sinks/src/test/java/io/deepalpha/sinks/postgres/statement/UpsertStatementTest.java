package io.deepalpha.sinks.postgres.statement;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.sinks.SampleRows;
import io.deepalpha.sinks.postgres.statement.UpsertStatement.OnConflict;
import io.deepalpha.sinks.row.SpreadStat;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpsertStatementTest {

  @Test
  void factsInsertOrDoNothingOnTheirNaturalKey() {
    assertThat(new SignalStatement().query())
        .startsWith("INSERT INTO signals (signal_id, instrument, event_time,")
        .endsWith(") ON CONFLICT (signal_id) DO NOTHING");
    assertThat(new OrderStatement().query())
        .endsWith("ON CONFLICT (client_order_id, revision) DO NOTHING");
    assertThat(new FillStatement().query()).endsWith("ON CONFLICT (venue, fill_id) DO NOTHING");
    assertThat(new RiskEventStatement().query())
        .endsWith("ON CONFLICT (scope, scope_key, event_time, level) DO NOTHING");
  }

  @Test
  void spreadStatsUpdateEveryNonKeyColumnSoTheLastVersionWins() {
    String sql = new SpreadStatStatement().query();

    assertThat(sql)
        .endsWith(
            "ON CONFLICT (instrument, buy_venue, sell_venue, interval_start) DO UPDATE SET"
                + " interval_end = EXCLUDED.interval_end, min_net_bps = EXCLUDED.min_net_bps,"
                + " max_net_bps = EXCLUDED.max_net_bps, last_net_bps = EXCLUDED.last_net_bps,"
                + " ms_above_threshold = EXCLUDED.ms_above_threshold, samples = EXCLUDED.samples");
    SampleRows rows = new SampleRows("k");
    SpreadStat refined = rows.spreadStat(1);
    refined.setSamples(999);
    assertThat(new SpreadStatStatement().updateKeyOf(refined))
        .isEqualTo(new SpreadStatStatement().updateKeyOf(rows.spreadStat(1)))
        .isNotEqualTo(new SpreadStatStatement().updateKeyOf(rows.spreadStat(2)));
    assertThat(new SignalStatement().updateKeyOf(rows.signal(1))).isNull();
  }

  @Test
  void oneQuestionMarkPerColumnWithCastsWhereDeclared() {
    String sql = new LateEventStatement().query();

    assertThat(sql).contains("VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb))");
    for (UpsertStatement<?> s :
        List.of(
            new SignalStatement(),
            new OrderStatement(),
            new FillStatement(),
            new RiskEventStatement(),
            new SpreadStatStatement(),
            new LateEventStatement())) {
      assertThat(s.query().chars().filter(c -> c == '?').count())
          .as(s.table())
          .isEqualTo(s.columns().size());
      assertThat(s.columns()).containsAll(s.key());
      assertThat(s.onConflict()).isIn(OnConflict.DO_NOTHING, OnConflict.DO_UPDATE);
    }
  }

  @Test
  void microsAndNanosBecomeUtcTimestampsWithMicrosecondPrecision() {
    assertThat(UpsertStatement.micros(1_718_000_000_123_456L).toString())
        .isEqualTo("2024-06-10T06:13:20.123456Z");
    assertThat(UpsertStatement.nanos(1_718_000_000_123_456_789L).toString())
        .isEqualTo("2024-06-10T06:13:20.123456Z");
    assertThat(UpsertStatement.micros(-1L).toString()).isEqualTo("1969-12-31T23:59:59.999999Z");
    assertThat(UpsertStatement.decimal(432_511_200L, 4).toPlainString()).isEqualTo("43251.1200");
  }
}
