package io.deepalpha.executor.risk;

import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import java.util.function.Supplier;

/**
 * A token bucket per venue (ORDER_RATE_PER_SEC refill, ORDER_RATE_BURST size), below the venues'
 * own limits so that the executor, not the venue, is the one refusing. A signal takes one token on
 * each of its two venues, or none.
 */
public final class OrderRateRule implements PreTradeRule {
  private final Supplier<Limits> limits;
  private final double[] tokens = new double[Venue.values().length];
  private final long[] lastRefillUs = new long[Venue.values().length];

  public OrderRateRule(Supplier<Limits> limits) {
    this.limits = limits;
    java.util.Arrays.fill(tokens, Double.NaN);
  }

  @Override
  public boolean check(Signal s, long nowUs, Verdict verdict) {
    Limits l = limits.get();
    refill(s.getBuyVenue(), nowUs, l);
    refill(s.getSellVenue(), nowUs, l);
    if (tokens[s.getBuyVenue().ordinal()] < 1) {
      return verdict.refuse(RejectReason.ORDER_RATE, 0, 0, s.getBuyVenue());
    }
    if (tokens[s.getSellVenue().ordinal()] < 1) {
      return verdict.refuse(RejectReason.ORDER_RATE, 0, 0, s.getSellVenue());
    }
    return true;
  }

  /** Takes a token; called once the signal passed every rule and its orders go out. */
  public void take(Venue venue) {
    tokens[venue.ordinal()] -= 1;
  }

  private void refill(Venue venue, long nowUs, Limits l) {
    int v = venue.ordinal();
    if (Double.isNaN(tokens[v])) {
      tokens[v] = l.orderRateBurst();
      lastRefillUs[v] = nowUs;
      return;
    }
    long elapsed = nowUs - lastRefillUs[v];
    if (elapsed > 0) {
      tokens[v] = Math.min(l.orderRateBurst(), tokens[v] + elapsed * l.orderRatePerSec() / 1e6);
      lastRefillUs[v] = nowUs;
    }
  }
}
