package io.deepalpha.executor.risk;

import io.deepalpha.model.event.Venue;

/**
 * The result of the pre-trade checks, refilled per signal (a flyweight, not allocated): the first
 * rule that refused, the offending value and the limit it broke, and the venue it concerns.
 */
public final class Verdict {
  private RejectReason reason = RejectReason.NONE;
  private double value;
  private double limit;
  private Venue venue = Venue.UNKNOWN;

  public void reset() {
    reason = RejectReason.NONE;
    value = 0;
    limit = 0;
    venue = Venue.UNKNOWN;
  }

  /** Records a refusal; returns false so that a rule can {@code return verdict.refuse(...)}. */
  public boolean refuse(RejectReason reason, double value, double limit, Venue venue) {
    this.reason = reason;
    this.value = value;
    this.limit = limit;
    this.venue = venue;
    return false;
  }

  public boolean passed() {
    return reason == RejectReason.NONE;
  }

  public RejectReason reason() {
    return reason;
  }

  public double value() {
    return value;
  }

  public double limit() {
    return limit;
  }

  public Venue venue() {
    return venue;
  }

  /** Human text, e.g. "max position: position after the order 0.0015 > limit 0.001 (BINANCE)". */
  public static String describe(RejectReason reason, double value, double limit, Venue venue) {
    StringBuilder s = new StringBuilder(reason.text());
    switch (reason) {
      case KILL_SWITCH, NO_REFERENCE_QUOTE, ORDER_RATE, VENUE_UNAVAILABLE -> {}
      case DUPLICATE_SIGNAL, INSTRUMENT_DISABLED, UNKNOWN_INSTRUMENT, NO_CAPACITY -> {}
      default ->
          s.append(' ')
              .append(
                  new java.math.BigDecimal(value)
                      .round(new java.math.MathContext(8))
                      .stripTrailingZeros()
                      .toPlainString())
              .append(" > limit ")
              .append(
                  new java.math.BigDecimal(limit)
                      .round(new java.math.MathContext(8))
                      .stripTrailingZeros()
                      .toPlainString());
    }
    if (venue != Venue.UNKNOWN) {
      s.append(" (").append(venue).append(')');
    }
    return s.toString();
  }
}
