package io.deepalpha.sinks.row;

import io.deepalpha.model.event.Venue;
import java.util.Objects;

/**
 * Statistics of one ordered venue pair (buy on {@link #getBuyVenue()}, sell on {@link
 * #getSellVenue()}) of one instrument over one event-time interval, as SpreadJob emits them.
 *
 * <p>Natural key: instrument, buyVenue, sellVenue, intervalStartUs (the primary key of {@code
 * spread_stats}); a re-emitted interval (a late firing) overwrites the earlier row. A Flink POJO:
 * public no-arg constructor, getters and setters, so it serializes with {@code
 * pipeline.generic-types=false}.
 */
public class SpreadStat {
  private String instrument;
  private Venue buyVenue;
  private Venue sellVenue;
  private long intervalStartUs;
  private long intervalEndUs;
  private double minNetBps;
  private double maxNetBps;
  private double lastNetBps;
  private long msAboveThreshold;
  private long samples;

  public SpreadStat() {}

  public SpreadStat(
      String instrument,
      Venue buyVenue,
      Venue sellVenue,
      long intervalStartUs,
      long intervalEndUs,
      double minNetBps,
      double maxNetBps,
      double lastNetBps,
      long msAboveThreshold,
      long samples) {
    this.instrument = instrument;
    this.buyVenue = buyVenue;
    this.sellVenue = sellVenue;
    this.intervalStartUs = intervalStartUs;
    this.intervalEndUs = intervalEndUs;
    this.minNetBps = minNetBps;
    this.maxNetBps = maxNetBps;
    this.lastNetBps = lastNetBps;
    this.msAboveThreshold = msAboveThreshold;
    this.samples = samples;
  }

  /** Canonical instrument, e.g. {@code BTC-USDT}. */
  public String getInstrument() {
    return instrument;
  }

  public void setInstrument(String instrument) {
    this.instrument = instrument;
  }

  /** Venue bought on (at its ask). */
  public Venue getBuyVenue() {
    return buyVenue;
  }

  public void setBuyVenue(Venue buyVenue) {
    this.buyVenue = buyVenue;
  }

  /** Venue sold on (at its bid). */
  public Venue getSellVenue() {
    return sellVenue;
  }

  public void setSellVenue(Venue sellVenue) {
    this.sellVenue = sellVenue;
  }

  /** Interval start, epoch microseconds, inclusive. */
  public long getIntervalStartUs() {
    return intervalStartUs;
  }

  public void setIntervalStartUs(long intervalStartUs) {
    this.intervalStartUs = intervalStartUs;
  }

  /** Interval end, epoch microseconds, exclusive. */
  public long getIntervalEndUs() {
    return intervalEndUs;
  }

  public void setIntervalEndUs(long intervalEndUs) {
    this.intervalEndUs = intervalEndUs;
  }

  /** Lowest net spread (after taker fees) seen in the interval, basis points. */
  public double getMinNetBps() {
    return minNetBps;
  }

  public void setMinNetBps(double minNetBps) {
    this.minNetBps = minNetBps;
  }

  /** Highest net spread seen in the interval, basis points. */
  public double getMaxNetBps() {
    return maxNetBps;
  }

  public void setMaxNetBps(double maxNetBps) {
    this.maxNetBps = maxNetBps;
  }

  /** Net spread at the last quote of the interval, basis points. */
  public double getLastNetBps() {
    return lastNetBps;
  }

  public void setLastNetBps(double lastNetBps) {
    this.lastNetBps = lastNetBps;
  }

  /** Event time in the interval during which net spread was at or above the signal threshold. */
  public long getMsAboveThreshold() {
    return msAboveThreshold;
  }

  public void setMsAboveThreshold(long msAboveThreshold) {
    this.msAboveThreshold = msAboveThreshold;
  }

  /** Number of spread evaluations (quotes with both sides fresh) in the interval. */
  public long getSamples() {
    return samples;
  }

  public void setSamples(long samples) {
    this.samples = samples;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SpreadStat s)) {
      return false;
    }
    return intervalStartUs == s.intervalStartUs
        && intervalEndUs == s.intervalEndUs
        && Double.compare(minNetBps, s.minNetBps) == 0
        && Double.compare(maxNetBps, s.maxNetBps) == 0
        && Double.compare(lastNetBps, s.lastNetBps) == 0
        && msAboveThreshold == s.msAboveThreshold
        && samples == s.samples
        && Objects.equals(instrument, s.instrument)
        && buyVenue == s.buyVenue
        && sellVenue == s.sellVenue;
  }

  @Override
  public int hashCode() {
    return Objects.hash(instrument, buyVenue, sellVenue, intervalStartUs);
  }

  @Override
  public String toString() {
    return "SpreadStat{"
        + instrument
        + " buy="
        + buyVenue
        + " sell="
        + sellVenue
        + " ["
        + intervalStartUs
        + ","
        + intervalEndUs
        + ") net min="
        + minNetBps
        + " max="
        + maxNetBps
        + " last="
        + lastNetBps
        + " msAbove="
        + msAboveThreshold
        + " samples="
        + samples
        + "}";
  }
}
