package io.deepalpha.sinks.postgres.statement;

import io.deepalpha.sinks.row.SpreadStat;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code spread_stats}, key (instrument, buy_venue, sell_venue, interval_start). DO UPDATE: a late
 * firing of the same interval replaces the earlier statistics.
 */
public final class SpreadStatStatement extends UpsertStatement<SpreadStat> {
  private static final long serialVersionUID = 1L;

  public SpreadStatStatement() {
    super(
        "spread_stats",
        List.of(
            "instrument",
            "buy_venue",
            "sell_venue",
            "interval_start",
            "interval_end",
            "min_net_bps",
            "max_net_bps",
            "last_net_bps",
            "ms_above_threshold",
            "samples"),
        List.of("instrument", "buy_venue", "sell_venue", "interval_start"),
        OnConflict.DO_UPDATE,
        Map.of());
  }

  @Override
  public Object updateKeyOf(SpreadStat s) {
    return s.getInstrument()
        + '|'
        + s.getBuyVenue()
        + '|'
        + s.getSellVenue()
        + '|'
        + s.getIntervalStartUs();
  }

  @Override
  public void statement(PreparedStatement ps, SpreadStat s) throws SQLException {
    ps.setString(1, s.getInstrument());
    ps.setString(2, s.getBuyVenue().name());
    ps.setString(3, s.getSellVenue().name());
    ps.setObject(4, micros(s.getIntervalStartUs()));
    ps.setObject(5, micros(s.getIntervalEndUs()));
    ps.setDouble(6, s.getMinNetBps());
    ps.setDouble(7, s.getMaxNetBps());
    ps.setDouble(8, s.getLastNetBps());
    ps.setLong(9, s.getMsAboveThreshold());
    ps.setLong(10, s.getSamples());
  }
}
