package io.deepalpha.jobs.spread;

import io.deepalpha.jobs.config.InstrumentParams;
import io.deepalpha.jobs.config.StrategyParams;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;

/**
 * The as-of spread semantics of BRIEF §4 for one instrument, as plain logic. Callers hand it quotes
 * in event-time order ({@link QuoteOrder}); it updates the book and evaluates every ordered venue
 * pair at the quote's event time:
 *
 * <pre>
 * fresh:     t - quote.ts &lt;= staleness, for both quotes
 * gross_bps = (bid_B - ask_A) / ask_A * 10_000
 * net_bps   = gross_bps - takerFee_A - takerFee_B
 * qty       = min(askSize_A, bidSize_B, maxQty)
 * </pre>
 *
 * A signal is emitted when net &gt;= minEdge and the opportunity was closed, or has stayed open for
 * the cooldown since its last signal. It closes when net falls below minEdge or a quote is stale.
 */
public final class SpreadEvaluator implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Receives what the evaluation produces. */
  public interface Output {
    void signal(Signal signal);

    /** A statistics interval of some pair was opened; it must be flushed at {@code endUs}. */
    void statIntervalOpened(long endUs);
  }

  private final long statIntervalUs;

  public SpreadEvaluator(long statIntervalUs) {
    if (statIntervalUs <= 0) {
      throw new IllegalArgumentException("statIntervalUs must be > 0: " + statIntervalUs);
    }
    this.statIntervalUs = statIntervalUs;
  }

  /** Applies one quote (the next in event-time order) and evaluates all pairs at its time. */
  public void onQuote(
      Quote quote, InstrumentParams params, long configVersion, SpreadBook book, Output out) {
    if (QuoteOrder.isNewer(quote, book.latest(quote.getVenue()))) {
      book.putLatest(quote);
    }
    StrategyParams strategy = params == null ? null : params.strategy();
    if (strategy == null || !strategy.enabled()) {
      closeAll(book);
      return;
    }
    long t = quote.getExchangeTimeUs();
    for (Venue buy : VenuePairs.VENUES) {
      Quote a = book.latest(buy);
      if (a == null) {
        continue;
      }
      for (Venue sell : VenuePairs.VENUES) {
        Quote b = sell == buy ? null : book.latest(sell);
        if (b != null) {
          evaluatePair(quote, t, a, b, params, strategy, configVersion, book, out);
        }
      }
    }
  }

  private void evaluatePair(
      Quote trigger,
      long t,
      Quote a,
      Quote b,
      InstrumentParams params,
      StrategyParams strategy,
      long configVersion,
      SpreadBook book,
      Output out) {
    int pair = VenuePairs.of(a.getVenue(), b.getVenue());
    boolean fresh =
        t - a.getExchangeTimeUs() <= strategy.stalenessUs()
            && t - b.getExchangeTimeUs() <= strategy.stalenessUs();
    long askA = a.getAskPrice();
    long bidB = b.getBidPrice();
    if (!fresh
        || !params.tradable(a.getVenue())
        || !params.tradable(b.getVenue())
        || askA <= 0
        || bidB <= 0
        || a.getPriceScale() != b.getPriceScale()
        || a.getSizeScale() != b.getSizeScale()) {
      book.close(pair);
      return;
    }
    // (bid - ask) * 10_000 stays exact in a long; one division keeps exact edges exact.
    double grossBps = (double) ((bidB - askA) * 10_000L) / askA;
    double netBps = grossBps - params.takerFeeBps(a.getVenue()) - params.takerFeeBps(b.getVenue());
    boolean above = netBps >= strategy.minEdgeBps();
    observe(trigger.getInstrument(), pair, t, netBps, above, configVersion, book, out);
    if (!above) {
      book.close(pair);
      return;
    }
    long qty =
        Math.min(
            Math.min(a.getAskSize(), b.getBidSize()), strategy.maxQtyMantissa(a.getSizeScale()));
    if (qty <= 0) {
      book.close(pair);
      return;
    }
    long last = book.lastSignalUs(pair);
    if (last != SpreadBook.CLOSED && t - last < strategy.cooldownUs()) {
      return;
    }
    book.open(pair, t);
    out.signal(signal(trigger, a, b, qty, grossBps, netBps, configVersion));
  }

  private void observe(
      String instrument,
      int pair,
      long t,
      double netBps,
      boolean above,
      long configVersion,
      SpreadBook book,
      Output out) {
    SpreadStat stat = book.stat(pair);
    if (stat == null) {
      stat =
          SpreadStat.start(
              instrument, pair, Math.floorDiv(t, statIntervalUs) * statIntervalUs, statIntervalUs);
      out.statIntervalOpened(stat.windowEndUs);
    }
    stat.observe(t, netBps, above, configVersion);
    book.putStat(pair, stat);
  }

  private static void closeAll(SpreadBook book) {
    for (Venue buy : VenuePairs.VENUES) {
      for (Venue sell : VenuePairs.VENUES) {
        if (buy != sell) {
          book.close(VenuePairs.of(buy, sell));
        }
      }
    }
  }

  private static Signal signal(
      Quote trigger, Quote a, Quote b, long qty, double grossBps, double netBps, long version) {
    return Signal.newBuilder()
        .setSignalId(
            SignalIds.of(trigger.getInstrument(), a.getVenue(), b.getVenue(), trigger, version))
        .setInstrument(trigger.getInstrument())
        .setEventTimeUs(trigger.getExchangeTimeUs())
        .setBuyVenue(a.getVenue())
        .setSellVenue(b.getVenue())
        .setPriceScale(a.getPriceScale())
        .setSizeScale(a.getSizeScale())
        .setBuyPrice(a.getAskPrice())
        .setSellPrice(b.getBidPrice())
        .setQty(qty)
        .setGrossBps(grossBps)
        .setNetBps(netBps)
        .setBuyQuoteTimeUs(a.getExchangeTimeUs())
        .setSellQuoteTimeUs(b.getExchangeTimeUs())
        .setBuyQuoteReceiveNs(a.getReceiveTimeNs())
        .setSellQuoteReceiveNs(b.getReceiveTimeNs())
        .setConfigVersion(version)
        .build();
  }
}
