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

  /**
   * {@link #maxQtyMantissa} per size scale 0..18, computed once: it is asked at every evaluation.
   */
  private final long[] maxQtyByScale = new long[MAX_SCALE + 1];

  private static final int MAX_SCALE = 18;
  private static final long OVERFLOW = Long.MIN_VALUE;

  public StrategyParams(
      double minEdgeBps, BigDecimal maxQty, long stalenessMs, long cooldownMs, boolean enabled) {
    this.minEdgeBps = minEdgeBps;
    this.maxQty = maxQty;
    this.stalenessUs = stalenessMs * 1_000L;
    this.cooldownUs = cooldownMs * 1_000L;
    this.enabled = enabled;
    for (int scale = 0; scale <= MAX_SCALE; scale++) {
      maxQtyByScale[scale] = exactMantissa(maxQty, scale);
    }
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
    long mantissa = sizeScale >= 0 && sizeScale <= MAX_SCALE ? maxQtyByScale[sizeScale] : OVERFLOW;
    if (mantissa == OVERFLOW) {
      // Out of the precomputed range or too large for a long: the exact computation says why.
      return maxQty.setScale(sizeScale, RoundingMode.DOWN).unscaledValue().longValueExact();
    }
    return mantissa;
  }

  private static long exactMantissa(BigDecimal qty, int scale) {
    try {
      return qty.setScale(scale, RoundingMode.DOWN).unscaledValue().longValueExact();
    } catch (ArithmeticException e) {
      return OVERFLOW;
    }
  }
}
