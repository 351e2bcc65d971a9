package io.deepalpha.sinks.influx.point;

import io.deepalpha.sinks.influx.PointBuffer;
import io.deepalpha.sinks.influx.PointMapper;
import io.deepalpha.sinks.row.SpreadStat;

/**
 * Measurement {@code spreads}, one point per pair and interval (at its start): tags {@code
 * instrument}, {@code pair} ({@code BINANCE>OKX}), {@code buy_venue}, {@code sell_venue}; float
 * fields {@code min_net_bps}, {@code max_net_bps}, {@code last_net_bps}; integer fields {@code
 * ms_above_threshold}, {@code samples}.
 */
public final class SpreadStatPoints implements PointMapper<SpreadStat> {
  private static final long serialVersionUID = 1L;

  @Override
  public void write(SpreadStat s, PointBuffer out) {
    out.start("spreads")
        .tag("buy_venue", s.getBuyVenue().name())
        .tag("instrument", s.getInstrument())
        .tag("pair", Decimals.pair(s.getBuyVenue(), s.getSellVenue()))
        .tag("sell_venue", s.getSellVenue().name())
        .field("min_net_bps", s.getMinNetBps())
        .field("max_net_bps", s.getMaxNetBps())
        .field("last_net_bps", s.getLastNetBps())
        .field("ms_above_threshold", s.getMsAboveThreshold())
        .field("samples", s.getSamples())
        .end(s.getIntervalStartUs());
  }
}
