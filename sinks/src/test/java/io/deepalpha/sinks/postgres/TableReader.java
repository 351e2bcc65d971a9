package io.deepalpha.sinks.postgres;

import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Liquidity;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.OrderType;
import io.deepalpha.model.event.RiskLevel;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.TimeInForce;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import io.deepalpha.sinks.row.LateEvent;
import io.deepalpha.sinks.row.SpreadStat;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the sink tables back into the records that were written, converting numerics to mantissa
 * and scale exactly (the scale is the numeric's own): equal records prove exact values.
 */
public final class TableReader {
  private final PostgresSettings db;

  public TableReader(PostgresSettings db) {
    this.db = db;
  }

  public long count(String table, String column, String value) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + column + " = ?")) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  public List<Signal> signals(String instrument) throws SQLException {
    return read(
        "SELECT * FROM signals WHERE instrument = ?",
        instrument,
        rs -> {
          BigDecimal buy = rs.getBigDecimal("buy_price");
          BigDecimal qty = rs.getBigDecimal("qty");
          return Signal.newBuilder()
              .setSignalId(rs.getString("signal_id"))
              .setInstrument(rs.getString("instrument"))
              .setEventTimeUs(micros(rs, "event_time"))
              .setBuyVenue(Venue.valueOf(rs.getString("buy_venue")))
              .setSellVenue(Venue.valueOf(rs.getString("sell_venue")))
              .setPriceScale(buy.scale())
              .setSizeScale(qty.scale())
              .setBuyPrice(mantissa(buy, buy.scale()))
              .setSellPrice(mantissa(rs.getBigDecimal("sell_price"), buy.scale()))
              .setQty(mantissa(qty, qty.scale()))
              .setGrossBps(rs.getDouble("gross_bps"))
              .setNetBps(rs.getDouble("net_bps"))
              .setBuyQuoteTimeUs(micros(rs, "buy_quote_time"))
              .setSellQuoteTimeUs(micros(rs, "sell_quote_time"))
              .setBuyQuoteReceiveNs(rs.getLong("buy_quote_receive_ns"))
              .setSellQuoteReceiveNs(rs.getLong("sell_quote_receive_ns"))
              .setConfigVersion(rs.getLong("config_version"))
              .build();
        });
  }

  public List<Order> orders(String instrument) throws SQLException {
    return read(
        "SELECT * FROM orders WHERE instrument = ?",
        instrument,
        rs -> {
          BigDecimal price = rs.getBigDecimal("price");
          BigDecimal qty = rs.getBigDecimal("qty");
          return Order.newBuilder()
              .setClientOrderId(rs.getString("client_order_id"))
              .setRevision(rs.getInt("revision"))
              .setSignalId(rs.getString("signal_id"))
              .setInstrument(rs.getString("instrument"))
              .setVenue(Venue.valueOf(rs.getString("venue")))
              .setVenueSymbol(rs.getString("venue_symbol"))
              .setSide(Side.valueOf(rs.getString("side")))
              .setOrderType(OrderType.valueOf(rs.getString("order_type")))
              .setTimeInForce(TimeInForce.valueOf(rs.getString("time_in_force")))
              .setPriceScale(price.scale())
              .setSizeScale(qty.scale())
              .setPrice(mantissa(price, price.scale()))
              .setQty(mantissa(qty, qty.scale()))
              .setFilledQty(mantissa(rs.getBigDecimal("filled_qty"), qty.scale()))
              .setAvgFillPrice(mantissa(rs.getBigDecimal("avg_fill_price"), price.scale()))
              .setStatus(OrderStatus.valueOf(rs.getString("status")))
              .setReason(rs.getString("reason"))
              .setVenueOrderId(rs.getString("venue_order_id"))
              .setMode(TradingMode.valueOf(rs.getString("mode")))
              .setSignalTimeUs(micros(rs, "signal_time"))
              .setEventTimeNs(rs.getLong("event_time_ns"))
              .build();
        });
  }

  public List<Fill> fills(String instrument) throws SQLException {
    return read(
        "SELECT * FROM fills WHERE instrument = ?",
        instrument,
        rs -> {
          BigDecimal price = rs.getBigDecimal("price");
          BigDecimal qty = rs.getBigDecimal("qty");
          BigDecimal fee = rs.getBigDecimal("fee");
          return Fill.newBuilder()
              .setFillId(rs.getString("fill_id"))
              .setClientOrderId(rs.getString("client_order_id"))
              .setSignalId(rs.getString("signal_id"))
              .setInstrument(rs.getString("instrument"))
              .setVenue(Venue.valueOf(rs.getString("venue")))
              .setSide(Side.valueOf(rs.getString("side")))
              .setPriceScale(price.scale())
              .setSizeScale(qty.scale())
              .setPrice(mantissa(price, price.scale()))
              .setQty(mantissa(qty, qty.scale()))
              .setFeeScale(fee.scale())
              .setFee(mantissa(fee, fee.scale()))
              .setFeeAsset(rs.getString("fee_asset"))
              .setLiquidity(Liquidity.valueOf(rs.getString("liquidity")))
              .setMode(TradingMode.valueOf(rs.getString("mode")))
              .setExchangeTimeUs(micros(rs, "exchange_time"))
              .setReceiveTimeNs(rs.getLong("receive_time_ns"))
              .build();
        });
  }

  public List<RiskState> riskEvents(String scopeKey) throws SQLException {
    return read(
        "SELECT * FROM risk_events WHERE scope_key = ?",
        scopeKey,
        rs ->
            RiskState.newBuilder()
                .setScope(RiskScope.valueOf(rs.getString("scope")))
                .setScopeKey(rs.getString("scope_key"))
                .setLevel(RiskLevel.valueOf(rs.getString("level")))
                .setPreviousLevel(RiskLevel.valueOf(rs.getString("previous_level")))
                .setReason(rs.getString("reason"))
                .setMetric(rs.getString("metric"))
                .setValue(rs.getDouble("value"))
                .setLimit(rs.getDouble("limit_value"))
                .setEventTimeUs(micros(rs, "event_time"))
                .setConfigVersion(rs.getLong("config_version"))
                .build());
  }

  public List<SpreadStat> spreadStats(String instrument) throws SQLException {
    return read(
        "SELECT * FROM spread_stats WHERE instrument = ?",
        instrument,
        rs ->
            new SpreadStat(
                rs.getString("instrument"),
                Venue.valueOf(rs.getString("buy_venue")),
                Venue.valueOf(rs.getString("sell_venue")),
                micros(rs, "interval_start"),
                micros(rs, "interval_end"),
                rs.getDouble("min_net_bps"),
                rs.getDouble("max_net_bps"),
                rs.getDouble("last_net_bps"),
                rs.getLong("ms_above_threshold"),
                rs.getLong("samples")));
  }

  /** Late events; the payload comes back as PostgreSQL's jsonb text, compared as such. */
  public List<LateEvent> lateEvents(String key) throws SQLException {
    return read(
        "SELECT *, payload::text AS payload_text FROM late_events WHERE key = ?",
        key,
        rs ->
            new LateEvent(
                rs.getString("source"),
                rs.getString("key"),
                micros(rs, "event_time"),
                micros(rs, "watermark"),
                rs.getLong("receive_time_ns"),
                rs.getString("payload_text")));
  }

  /** Which partition holds the rows of this instrument (to prove monthly partitioning). */
  public List<String> partitionsHolding(String table, String column, String value)
      throws SQLException {
    return read(
        "SELECT DISTINCT tableoid::regclass::text AS part FROM "
            + table
            + " WHERE "
            + column
            + " = ?",
        value,
        rs -> rs.getString("part"));
  }

  private interface RowMapper<R> {
    R map(ResultSet rs) throws SQLException;
  }

  private <R> List<R> read(String sql, String value, RowMapper<R> mapper) throws SQLException {
    List<R> rows = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
      }
    }
    return rows;
  }

  private static long micros(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000L;
  }

  /** Exact: a value with more decimals than the scale throws instead of rounding. */
  private static long mantissa(BigDecimal value, int scale) {
    return value.setScale(scale).unscaledValue().longValueExact();
  }
}
