package io.deepalpha.executor.risk;

import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;

/**
 * config.strategies max_qty of the strategy and instrument bounds the signal's quantity. A signal
 * above it was sized under an older config (SpreadJob caps qty at max_qty when it emits): it is
 * refused like every other limit, not clamped, so that what is placed is what was signalled.
 */
public final class MaxQtyRule implements PreTradeRule {
  private final Books books;
  private final LiveConfig config;

  public MaxQtyRule(Books books, LiveConfig config) {
    this.books = books;
    this.config = config;
  }

  @Override
  public boolean check(Signal s, long nowUs, Verdict verdict) {
    InstrumentBook book = books.get(s.getInstrument());
    if (config.exceedsMaxQty(book.strategyKey(), s.getQty(), book.sizeScale())) {
      return verdict.refuse(
          RejectReason.MAX_QTY,
          book.size(s.getQty()),
          config.maxQty(book.strategyKey()),
          Venue.UNKNOWN);
    }
    return true;
  }
}
