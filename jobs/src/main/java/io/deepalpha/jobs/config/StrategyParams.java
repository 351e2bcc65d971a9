package io.deepalpha.jobs.config;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Thresholds of the spread strategy for one instrument (table {@code strategies}). */
public final class StrategyParams implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double minEdgeBps;
  private final BigDecimal maxQty;
  private final long stalenessUs;
  private final long cooldownUs;
  private final boolean enabled;

  public StrategyParams(
      double minEdgeBps, BigDecimal maxQty, long stalenessMs, long cooldownMs, boolean enabled) {
    this.minEdgeBps = minEdgeBps;
    this.maxQty = maxQty;
    this.stalenessUs = stalenessMs * 1_000L;
    this.cooldownUs = cooldownMs * 1_000L;
    this.enabled = enabled;
  }

  public double minEdgeBps() {
    return minEdgeBps;
  }

  public long stalenessUs() {
    return stalenessUs;
  }

  public long cooldownUs() {
    return cooldownUs;
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * Max quantity as a fixed-point mantissa of the given scale, rounded down: a signal never asks
   * for more than the limit.
   */
  public long maxQtyMantissa(int sizeScale) {
    return maxQty.setScale(sizeScale, RoundingMode.DOWN).unscaledValue().longValueExact();
  }
}
