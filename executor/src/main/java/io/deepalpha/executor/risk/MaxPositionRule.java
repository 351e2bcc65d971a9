package io.deepalpha.executor.risk;

import io.deepalpha.model.event.Signal;
import java.util.function.Supplier;

/**
 * MAX_POSITION_SIZE bounds the absolute position of the instrument on each venue after the leg
 * fills (spot inventory lives per venue: buying on A and selling on B moves both), and the net
 * position across venues should one leg fail.
 */
public final class MaxPositionRule implements PreTradeRule {
  private final Books books;
  private final Supplier<Limits> limits;

  public MaxPositionRule(Books books, Supplier<Limits> limits) {
    this.books = books;
    this.limits = limits;
  }

  @Override
  public boolean check(Signal s, long nowUs, Verdict verdict) {
    InstrumentBook book = books.get(s.getInstrument());
    double max = limits.get().maxPositionSize();
    double afterBuy = Math.abs(book.size(book.position(s.getBuyVenue()) + s.getQty()));
    if (afterBuy > max) {
      return verdict.refuse(RejectReason.MAX_POSITION, afterBuy, max, s.getBuyVenue());
    }
    double afterSell = Math.abs(book.size(book.position(s.getSellVenue()) - s.getQty()));
    if (afterSell > max) {
      return verdict.refuse(RejectReason.MAX_POSITION, afterSell, max, s.getSellVenue());
    }
    long net = book.netPosition();
    double worstNet =
        Math.max(Math.abs(book.size(net + s.getQty())), Math.abs(book.size(net - s.getQty())));
    if (worstNet > max) {
      return verdict.refuse(RejectReason.MAX_POSITION, worstNet, max, s.getBuyVenue());
    }
    return true;
  }
}
