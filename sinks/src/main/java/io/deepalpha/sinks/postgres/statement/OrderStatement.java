package io.deepalpha.sinks.postgres.statement;

import io.deepalpha.model.event.Order;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** {@code orders}, key (client_order_id, revision): every revision is its own immutable row. */
public final class OrderStatement extends UpsertStatement<Order> {
  private static final long serialVersionUID = 1L;

  public OrderStatement() {
    super(
        "orders",
        List.of(
            "client_order_id",
            "revision",
            "signal_id",
            "instrument",
            "venue",
            "venue_symbol",
            "side",
            "order_type",
            "time_in_force",
            "price",
            "qty",
            "filled_qty",
            "avg_fill_price",
            "status",
            "reason",
            "venue_order_id",
            "mode",
            "signal_time",
            "event_time",
            "event_time_ns"),
        List.of("client_order_id", "revision"),
        OnConflict.DO_NOTHING,
        Map.of());
  }

  @Override
  public void statement(PreparedStatement ps, Order o) throws SQLException {
    ps.setString(1, o.getClientOrderId());
    ps.setInt(2, o.getRevision());
    ps.setString(3, o.getSignalId());
    ps.setString(4, o.getInstrument());
    ps.setString(5, o.getVenue().name());
    ps.setString(6, o.getVenueSymbol());
    ps.setString(7, o.getSide().name());
    ps.setString(8, o.getOrderType().name());
    ps.setString(9, o.getTimeInForce().name());
    ps.setBigDecimal(10, decimal(o.getPrice(), o.getPriceScale()));
    ps.setBigDecimal(11, decimal(o.getQty(), o.getSizeScale()));
    ps.setBigDecimal(12, decimal(o.getFilledQty(), o.getSizeScale()));
    ps.setBigDecimal(13, decimal(o.getAvgFillPrice(), o.getPriceScale()));
    ps.setString(14, o.getStatus().name());
    ps.setString(15, o.getReason());
    ps.setString(16, o.getVenueOrderId());
    ps.setString(17, o.getMode().name());
    ps.setObject(18, micros(o.getSignalTimeUs()));
    ps.setObject(19, nanos(o.getEventTimeNs()));
    ps.setLong(20, o.getEventTimeNs());
  }
}
