package io.deepalpha.jobs.config;

import io.deepalpha.model.event.Venue;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Everything the spread evaluation needs for one instrument: taker fee per venue (indexed by {@link
 * Venue#ordinal()}, {@code NaN} where the venue has no enabled fee row and so is not traded) and
 * the strategy thresholds ({@code null} when no strategy row exists).
 */
public final class InstrumentParams implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] takerFeeBps;
  private final StrategyParams strategy;

  InstrumentParams(double[] takerFeeBps, StrategyParams strategy) {
    this.takerFeeBps = takerFeeBps.clone();
    this.strategy = strategy;
  }

  static double[] noFees() {
    double[] fees = new double[Venue.values().length];
    Arrays.fill(fees, Double.NaN);
    return fees;
  }

  public boolean tradable(Venue venue) {
    return !Double.isNaN(takerFeeBps[venue.ordinal()]);
  }

  public double takerFeeBps(Venue venue) {
    return takerFeeBps[venue.ordinal()];
  }

  public StrategyParams strategy() {
    return strategy;
  }
}
