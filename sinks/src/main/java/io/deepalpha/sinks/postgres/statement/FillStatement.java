package io.deepalpha.sinks.postgres.statement;

import io.deepalpha.model.event.Fill;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** {@code fills}, key (venue, fill_id): the venue's execution id. */
public final class FillStatement extends UpsertStatement<Fill> {
  private static final long serialVersionUID = 1L;

  public FillStatement() {
    super(
        "fills",
        List.of(
            "venue",
            "fill_id",
            "client_order_id",
            "signal_id",
            "instrument",
            "side",
            "price",
            "qty",
            "fee",
            "fee_asset",
            "liquidity",
            "mode",
            "exchange_time",
            "receive_time_ns"),
        List.of("venue", "fill_id"),
        OnConflict.DO_NOTHING,
        Map.of());
  }

  @Override
  public void statement(PreparedStatement ps, Fill f) throws SQLException {
    ps.setString(1, f.getVenue().name());
    ps.setString(2, f.getFillId());
    ps.setString(3, f.getClientOrderId());
    ps.setString(4, f.getSignalId());
    ps.setString(5, f.getInstrument());
    ps.setString(6, f.getSide().name());
    ps.setBigDecimal(7, decimal(f.getPrice(), f.getPriceScale()));
    ps.setBigDecimal(8, decimal(f.getQty(), f.getSizeScale()));
    ps.setBigDecimal(9, decimal(f.getFee(), f.getFeeScale()));
    ps.setString(10, f.getFeeAsset());
    ps.setString(11, f.getLiquidity().name());
    ps.setString(12, f.getMode().name());
    ps.setObject(13, micros(f.getExchangeTimeUs()));
    ps.setLong(14, f.getReceiveTimeNs());
  }
}
