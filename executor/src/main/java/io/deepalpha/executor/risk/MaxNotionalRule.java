package io.deepalpha.executor.risk;

import io.deepalpha.model.event.Signal;
import java.util.function.Supplier;

/** Neither leg may be worth more than MAX_NOTIONAL (qty x limit price, quote currency). */
public final class MaxNotionalRule implements PreTradeRule {
  private final Books books;
  private final Supplier<Limits> limits;

  public MaxNotionalRule(Books books, Supplier<Limits> limits) {
    this.books = books;
    this.limits = limits;
  }

  @Override
  public boolean check(Signal s, long nowUs, Verdict verdict) {
    InstrumentBook book = books.get(s.getInstrument());
    double qty = book.size(s.getQty());
    double notional = qty * book.price(Math.max(s.getBuyPrice(), s.getSellPrice()));
    double limit = limits.get().maxNotional();
    if (notional > limit) {
      return verdict.refuse(RejectReason.MAX_NOTIONAL, notional, limit, s.getBuyVenue());
    }
    return true;
  }
}
