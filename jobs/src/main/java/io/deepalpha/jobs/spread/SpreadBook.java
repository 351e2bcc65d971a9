package io.deepalpha.jobs.spread;

import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Venue;

/**
 * What the evaluation of one instrument remembers: the latest quote per venue, the open
 * opportunities (per ordered pair, the event time of their last signal) and the spread statistics
 * of the current interval. Plain maps in unit tests, Flink keyed state ({@link SpreadState}) in the
 * job.
 */
public interface SpreadBook {
  /** {@link #lastSignalUs} of a closed opportunity. */
  long CLOSED = Long.MIN_VALUE;

  Quote latest(Venue venue);

  void putLatest(Quote quote);

  void removeLatest(Venue venue);

  /** Event time of the last signal of an open opportunity, or {@link #CLOSED}. */
  long lastSignalUs(int pair);

  void open(int pair, long signalTimeUs);

  void close(int pair);

  SpreadStat stat(int pair);

  void putStat(int pair, SpreadStat stat);
}
