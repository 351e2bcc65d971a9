package io.deepalpha.executor.risk;

import io.deepalpha.model.event.Signal;
import java.util.function.Supplier;

/**
 * Each leg's limit price must be within the collar of the venue's latest quote: the buy price
 * against the ask, the sell price against the bid. A signal computed from quotes that have since
 * moved, or a corrupt price, does not reach the venue. Without a fresh quote there is no reference
 * and the signal is refused.
 */
public final class PriceCollarRule implements PreTradeRule {
  private final Books books;
  private final Supplier<Limits> limits;

  public PriceCollarRule(Books books, Supplier<Limits> limits) {
    this.books = books;
    this.limits = limits;
  }

  @Override
  public boolean check(Signal s, long nowUs, Verdict verdict) {
    InstrumentBook book = books.get(s.getInstrument());
    Limits l = limits.get();
    if (!book.hasFreshQuote(s.getBuyVenue(), nowUs, l.quoteMaxAgeUs())) {
      return verdict.refuse(RejectReason.NO_REFERENCE_QUOTE, 0, 0, s.getBuyVenue());
    }
    if (!book.hasFreshQuote(s.getSellVenue(), nowUs, l.quoteMaxAgeUs())) {
      return verdict.refuse(RejectReason.NO_REFERENCE_QUOTE, 0, 0, s.getSellVenue());
    }
    double buyDev = bps(s.getBuyPrice(), book.ask(s.getBuyVenue()));
    if (buyDev > l.priceCollarBps()) {
      return verdict.refuse(RejectReason.PRICE_COLLAR, buyDev, l.priceCollarBps(), s.getBuyVenue());
    }
    double sellDev = bps(s.getSellPrice(), book.bid(s.getSellVenue()));
    if (sellDev > l.priceCollarBps()) {
      return verdict.refuse(
          RejectReason.PRICE_COLLAR, sellDev, l.priceCollarBps(), s.getSellVenue());
    }
    return true;
  }

  private static double bps(long price, long reference) {
    if (reference <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.abs(price - reference) * 10_000.0 / reference;
  }
}
