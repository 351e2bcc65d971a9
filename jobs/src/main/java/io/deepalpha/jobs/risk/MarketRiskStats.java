package io.deepalpha.jobs.risk;

/**
 * Risk statistics of one instrument on one venue over one sliding event-time window. Flink POJO;
 * what a sink stores per window.
 */
public class MarketRiskStats {
  public String instrument;
  public String venue;
  public long windowStartMs;
  public long windowEndMs;
  public long quotes;
  public long trades;

  /** Realized volatility of mid log-returns over the window: sqrt(sum r^2), in bps. */
  public double volatilityBps;

  public double volume;
  public double vwap;
  public double spreadBpsMin;
  public double spreadBpsMedian;
  public double spreadBpsP90;
  public double spreadBpsMax;

  public MarketRiskStats() {}

  @Override
  public String toString() {
    return instrument
        + ' '
        + venue
        + " ["
        + windowStartMs
        + ','
        + windowEndMs
        + ") vol="
        + volatilityBps
        + "bps volume="
        + volume
        + " vwap="
        + vwap
        + " spread p50="
        + spreadBpsMedian;
  }
}
