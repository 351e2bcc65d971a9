package io.deepalpha.sinks.postgres.statement;

import io.deepalpha.model.event.Signal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** {@code signals}, key signal_id (deterministic: a replayed signal is the same row). */
public final class SignalStatement extends UpsertStatement<Signal> {
  private static final long serialVersionUID = 1L;

  public SignalStatement() {
    super(
        "signals",
        List.of(
            "signal_id",
            "instrument",
            "event_time",
            "buy_venue",
            "sell_venue",
            "buy_price",
            "sell_price",
            "qty",
            "gross_bps",
            "net_bps",
            "buy_quote_time",
            "sell_quote_time",
            "buy_quote_receive_ns",
            "sell_quote_receive_ns",
            "config_version"),
        List.of("signal_id"),
        OnConflict.DO_NOTHING,
        Map.of());
  }

  @Override
  public void statement(PreparedStatement ps, Signal s) throws SQLException {
    ps.setString(1, s.getSignalId());
    ps.setString(2, s.getInstrument());
    ps.setObject(3, micros(s.getEventTimeUs()));
    ps.setString(4, s.getBuyVenue().name());
    ps.setString(5, s.getSellVenue().name());
    ps.setBigDecimal(6, decimal(s.getBuyPrice(), s.getPriceScale()));
    ps.setBigDecimal(7, decimal(s.getSellPrice(), s.getPriceScale()));
    ps.setBigDecimal(8, decimal(s.getQty(), s.getSizeScale()));
    ps.setDouble(9, s.getGrossBps());
    ps.setDouble(10, s.getNetBps());
    ps.setObject(11, micros(s.getBuyQuoteTimeUs()));
    ps.setObject(12, micros(s.getSellQuoteTimeUs()));
    ps.setLong(13, s.getBuyQuoteReceiveNs());
    ps.setLong(14, s.getSellQuoteReceiveNs());
    ps.setLong(15, s.getConfigVersion());
  }
}
