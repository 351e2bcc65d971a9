package io.deepalpha.executor.risk;

import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import java.util.function.Supplier;

/**
 * RISK_LIMIT x ACCOUNT_EQUITY bounds two things: the realized loss so far (fees included) and the
 * net exposure should only one leg of this signal fill (current net exposure of every instrument
 * plus this signal's notional).
 */
public final class LossLimitRule implements PreTradeRule {
  private final Books books;
  private final Supplier<Limits> limits;

  public LossLimitRule(Books books, Supplier<Limits> limits) {
    this.books = books;
    this.limits = limits;
  }

  @Override
  public boolean check(Signal s, long nowUs, Verdict verdict) {
    double limit = limits.get().riskAmount();
    double loss = -books.realizedPnl();
    if (loss >= limit) {
      return verdict.refuse(RejectReason.LOSS_LIMIT, loss, limit, Venue.UNKNOWN);
    }
    double exposure = 0;
    for (InstrumentBook b : books.all()) {
      long net = b.netPosition();
      if (net != 0) {
        exposure += Math.abs(b.size(net)) * b.price(b.lastMid());
      }
    }
    InstrumentBook book = books.get(s.getInstrument());
    exposure += book.size(s.getQty()) * book.price(s.getBuyPrice());
    if (exposure > limit) {
      return verdict.refuse(RejectReason.EXPOSURE_LIMIT, exposure, limit, Venue.UNKNOWN);
    }
    return true;
  }
}
