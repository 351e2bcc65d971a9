package io.deepalpha.sinks.influx.point;

import io.deepalpha.model.event.Signal;
import io.deepalpha.sinks.influx.PointBuffer;
import io.deepalpha.sinks.influx.PointMapper;

/**
 * Measurement {@code opportunities}, one point per signal at its event time: tags {@code
 * instrument}, {@code pair}, {@code buy_venue}, {@code sell_venue}; float fields {@code gross_bps},
 * {@code net_bps}, {@code buy_price}, {@code sell_price}, {@code qty}; integer fields {@code
 * quote_age_us} (event time minus the older quote's time), {@code buy_ingest_latency_us}, {@code
 * sell_ingest_latency_us} (latency lineage: receive minus exchange time of each quote), {@code
 * config_version}; string field {@code signal_id} (a field: ids are not tags, they would explode
 * the series cardinality).
 */
public final class SignalPoints implements PointMapper<Signal> {
  private static final long serialVersionUID = 1L;

  @Override
  public void write(Signal s, PointBuffer out) {
    int ps = s.getPriceScale();
    out.start("opportunities")
        .tag("buy_venue", s.getBuyVenue().name())
        .tag("instrument", s.getInstrument())
        .tag("pair", Decimals.pair(s.getBuyVenue(), s.getSellVenue()))
        .tag("sell_venue", s.getSellVenue().name())
        .field("gross_bps", s.getGrossBps())
        .field("net_bps", s.getNetBps())
        .field("buy_price", Decimals.toDouble(s.getBuyPrice(), ps))
        .field("sell_price", Decimals.toDouble(s.getSellPrice(), ps))
        .field("qty", Decimals.toDouble(s.getQty(), s.getSizeScale()))
        .field(
            "quote_age_us",
            s.getEventTimeUs() - Math.min(s.getBuyQuoteTimeUs(), s.getSellQuoteTimeUs()))
        .field("buy_ingest_latency_us", s.getBuyQuoteReceiveNs() / 1000 - s.getBuyQuoteTimeUs())
        .field("sell_ingest_latency_us", s.getSellQuoteReceiveNs() / 1000 - s.getSellQuoteTimeUs())
        .field("config_version", s.getConfigVersion())
        .field("signal_id", s.getSignalId())
        .end(s.getEventTimeUs());
  }
}
