package io.deepalpha.jobs.risk;

import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;

/**
 * A quote or a trade reduced to what the risk windows need, as doubles (risk metrics are ratios;
 * the exact decimals stay on the wire). Flink POJO.
 */
public class MarketEvent {
  public String instrument;
  public String venue;
  public long timeUs;
  public long sequence;

  /** Ingest receive time (ns): identifies a late event in {@code late_events} with its time. */
  public long receiveTimeNs;

  public boolean trade;

  /** Quotes: mid price and quoted spread in bps of the mid. */
  public double mid;

  public double spreadBps;

  /** Trades: price and size. */
  public double price;

  public double size;

  public MarketEvent() {}

  public static MarketEvent of(Quote q) {
    MarketEvent e =
        base(q.getInstrument(), q.getVenue().name(), q.getExchangeTimeUs(), q.getSequence());
    e.receiveTimeNs = q.getReceiveTimeNs();
    double scale = Math.pow(10, q.getPriceScale());
    double bid = q.getBidPrice() / scale;
    double ask = q.getAskPrice() / scale;
    e.mid = (bid + ask) / 2;
    e.spreadBps = e.mid > 0 ? (ask - bid) / e.mid * 10_000 : 0;
    return e;
  }

  public static MarketEvent of(Trade t) {
    MarketEvent e =
        base(t.getInstrument(), t.getVenue().name(), t.getExchangeTimeUs(), t.getSequence());
    e.trade = true;
    e.receiveTimeNs = t.getReceiveTimeNs();
    e.price = t.getPrice() / Math.pow(10, t.getPriceScale());
    e.size = t.getSize() / Math.pow(10, t.getSizeScale());
    return e;
  }

  private static MarketEvent base(String instrument, String venue, long timeUs, long sequence) {
    MarketEvent e = new MarketEvent();
    e.instrument = instrument;
    e.venue = venue;
    e.timeUs = timeUs;
    e.sequence = sequence;
    return e;
  }

  public String key() {
    return instrument + '|' + venue;
  }
}
