package io.deepalpha.jobs.spread;

/**
 * Spread statistics of one ordered venue pair over one event-time interval: what a sink stores per
 * pair and interval (min/max/last net bps, time above the threshold). A Flink POJO, so it is state
 * and stream type without Kryo. {@code lastEvalUs} and {@code lastAbove} are the running state of
 * the time-above-threshold count.
 *
 * <p>Time above threshold is counted from the first evaluation of the pair inside the interval: a
 * net edge that was already above the threshold when the interval began counts from that first
 * evaluation, not from the interval start.
 */
public class SpreadStat {
  public String instrument;
  public String buyVenue;
  public String sellVenue;
  public long windowStartUs;
  public long windowEndUs;
  public long evaluations;
  public double minNetBps;
  public double maxNetBps;
  public double lastNetBps;
  public long aboveThresholdUs;
  public long lastEvalUs;
  public boolean lastAbove;
  public long configVersion;

  public SpreadStat() {}

  static SpreadStat start(String instrument, int pair, long windowStartUs, long intervalUs) {
    SpreadStat s = new SpreadStat();
    s.instrument = instrument;
    s.buyVenue = VenuePairs.buy(pair).name();
    s.sellVenue = VenuePairs.sell(pair).name();
    s.windowStartUs = windowStartUs;
    s.windowEndUs = windowStartUs + intervalUs;
    s.minNetBps = Double.POSITIVE_INFINITY;
    s.maxNetBps = Double.NEGATIVE_INFINITY;
    return s;
  }

  void observe(long timeUs, double netBps, boolean above, long version) {
    if (evaluations > 0 && lastAbove) {
      aboveThresholdUs += timeUs - lastEvalUs;
    }
    evaluations++;
    minNetBps = Math.min(minNetBps, netBps);
    maxNetBps = Math.max(maxNetBps, netBps);
    lastNetBps = netBps;
    lastEvalUs = timeUs;
    lastAbove = above;
    configVersion = version;
  }

  /** Closes the interval: the last edge holds until the end of the interval. */
  public SpreadStat finish() {
    if (evaluations > 0 && lastAbove) {
      aboveThresholdUs += windowEndUs - lastEvalUs;
      lastEvalUs = windowEndUs;
    }
    return this;
  }

  @Override
  public String toString() {
    return instrument
        + ' '
        + buyVenue
        + '>'
        + sellVenue
        + " ["
        + windowStartUs
        + ','
        + windowEndUs
        + ") n="
        + evaluations
        + " min="
        + minNetBps
        + " max="
        + maxNetBps
        + " last="
        + lastNetBps
        + " aboveUs="
        + aboveThresholdUs;
  }
}
