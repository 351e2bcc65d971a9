package io.deepalpha.executor.risk;

import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The pre-trade rules in the order they run: cheap and decisive first (known instrument, kill
 * switch, duplicate, staleness), then prices, size and risk, and the order rate last so that a
 * refused signal does not spend a token.
 */
public final class PreTradeChecks {
  private final Books books;
  private final Set<Venue> venues;
  private final PreTradeRule[] rules;
  private final OrderRateRule orderRate;
  private final long[] refusals = new long[RejectReason.values().length];

  public PreTradeChecks(
      Books books,
      Set<Venue> venues,
      RiskStates riskStates,
      SignalIds signalIds,
      EventClock eventClock,
      LiveConfig liveConfig,
      Supplier<Limits> limits) {
    this.books = books;
    this.venues = venues;
    this.orderRate = new OrderRateRule(limits);
    this.rules =
        new PreTradeRule[] {
          new KillSwitchRule(riskStates, InstrumentBook.STRATEGY),
          new DuplicateSignalRule(signalIds),
          new StaleSignalRule(eventClock, limits),
          new ConfigEnabledRule(books, liveConfig),
          new MaxQtyRule(books, liveConfig),
          new PriceCollarRule(books, limits),
          new MaxNotionalRule(books, limits),
          new MaxPositionRule(books, limits),
          new LossLimitRule(books, limits),
          orderRate
        };
  }

  /** Runs every rule until one refuses; on a pass the order-rate tokens are taken. */
  public boolean check(Signal s, long nowUs, Verdict verdict) {
    verdict.reset();
    InstrumentBook book = books.get(s.getInstrument());
    if (book == null
        || !venues.contains(s.getBuyVenue())
        || !venues.contains(s.getSellVenue())
        || s.getPriceScale() != book.priceScale()
        || s.getSizeScale() != book.sizeScale()
        || s.getQty() <= 0) {
      verdict.refuse(RejectReason.UNKNOWN_INSTRUMENT, 0, 0, Venue.UNKNOWN);
      refusals[RejectReason.UNKNOWN_INSTRUMENT.ordinal()]++;
      return false;
    }
    for (PreTradeRule rule : rules) {
      if (!rule.check(s, nowUs, verdict)) {
        refusals[verdict.reason().ordinal()]++;
        return false;
      }
    }
    orderRate.take(s.getBuyVenue());
    orderRate.take(s.getSellVenue());
    return true;
  }

  /** Refusals per reason since start (read by metrics off the executor thread: approximate). */
  public long refusals(RejectReason reason) {
    return refusals[reason.ordinal()];
  }
}
