package io.deepalpha.sinks.influx.point;

import io.deepalpha.model.event.Quote;
import io.deepalpha.sinks.influx.PointBuffer;
import io.deepalpha.sinks.influx.PointMapper;
import java.util.HashMap;
import java.util.Map;

/**
 * Measurement {@code quotes}: tags {@code venue}, {@code instrument}; float fields {@code bid},
 * {@code ask}, {@code bid_size}, {@code ask_size}, {@code mid}, {@code spread_bps}; integer field
 * {@code ingest_latency_us} (receive time minus exchange time).
 *
 * <p>Sampled: one point per venue, instrument and interval of {@code sampleMs}, stamped with the
 * interval start and holding the interval's last quote. A point is written when the next interval
 * of its key begins and, provisionally, at every flush (a later write of the same interval
 * overwrites it). So the stored series depends only on the quotes, not on batch or checkpoint
 * boundaries, and a replay stores the same points. {@code sampleMs = 0} writes every quote at its
 * own exchange time.
 */
public final class QuotePoints implements PointMapper<Quote> {
  private static final long serialVersionUID = 1L;

  private final long sampleUs;
  private transient Map<String, Pending> pending;

  public QuotePoints(long sampleMs) {
    if (sampleMs < 0) {
      throw new IllegalArgumentException("sampleMs must be >= 0, got " + sampleMs);
    }
    this.sampleUs = sampleMs * 1000L;
  }

  @Override
  public void write(Quote q, PointBuffer out) {
    if (sampleUs == 0) {
      point(q, q.getExchangeTimeUs(), out);
      return;
    }
    long bucket = Math.floorDiv(q.getExchangeTimeUs(), sampleUs) * sampleUs;
    Pending p =
        pending()
            .computeIfAbsent(q.getVenue().name() + '|' + q.getInstrument(), k -> new Pending());
    if (p.quote != null && bucket > p.bucket) {
      point(p.quote, p.bucket, out);
    }
    if (p.quote == null || bucket >= p.bucket) {
      p.quote = q;
      p.bucket = bucket;
    }
    // A quote older than the pending interval (out of order) would rewrite a closed interval
    // with a non-last value: it is left out of the sample.
  }

  @Override
  public void flushPending(PointBuffer out) {
    for (Pending p : pending().values()) {
      point(p.quote, p.bucket, out);
    }
  }

  private Map<String, Pending> pending() {
    if (pending == null) {
      pending = new HashMap<>();
    }
    return pending;
  }

  private static void point(Quote q, long timestampUs, PointBuffer out) {
    int ps = q.getPriceScale();
    int ss = q.getSizeScale();
    double bid = Decimals.toDouble(q.getBidPrice(), ps);
    double ask = Decimals.toDouble(q.getAskPrice(), ps);
    double mid = (bid + ask) / 2;
    out.start("quotes")
        .tag("instrument", q.getInstrument())
        .tag("venue", q.getVenue().name())
        .field("bid", bid)
        .field("ask", ask)
        .field("bid_size", Decimals.toDouble(q.getBidSize(), ss))
        .field("ask_size", Decimals.toDouble(q.getAskSize(), ss))
        .field("mid", mid)
        .field("spread_bps", (ask - bid) / mid * 10_000)
        .field("ingest_latency_us", q.getReceiveTimeNs() / 1000 - q.getExchangeTimeUs())
        .end(timestampUs);
  }

  private static final class Pending {
    Quote quote;
    long bucket;
  }
}
