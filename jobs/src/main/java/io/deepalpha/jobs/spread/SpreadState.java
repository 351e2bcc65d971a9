package io.deepalpha.jobs.spread;

import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Venue;
import java.util.Arrays;

/**
 * SpreadJob's keyed state of one instrument in one value: the latest quote per venue, the open
 * opportunities and the current statistics interval per ordered pair, as arrays indexed by {@link
 * Venue#ordinal()} and {@link VenuePairs}. One state access per evaluation instead of one per venue
 * and pair: on the heap backend the evaluator reads and writes these arrays in place.
 *
 * <p>A Flink POJO (public fields, no-arg constructor): part of the savepoint format. Add fields,
 * never change the type of one.
 */
public class SpreadState implements SpreadBook {
  /** Latest quote per venue, {@code null} where none or stale. */
  public Quote[] latest;

  /** Event time of the last signal of the open opportunity per pair, {@link #CLOSED} if closed. */
  public long[] lastSignalUs;

  /** Statistics of the current interval per pair, {@code null} where no interval is open. */
  public SpreadStat[] stats;

  public SpreadState() {}

  /** A state holding nothing. */
  public static SpreadState empty() {
    int venues = VenuePairs.VENUES.length;
    SpreadState s = new SpreadState();
    s.latest = new Quote[venues];
    s.lastSignalUs = new long[venues * venues];
    Arrays.fill(s.lastSignalUs, CLOSED);
    s.stats = new SpreadStat[venues * venues];
    return s;
  }

  /** Whether nothing is held: the key's state can be cleared. */
  public boolean isEmpty() {
    for (Quote q : latest) {
      if (q != null) {
        return false;
      }
    }
    for (long t : lastSignalUs) {
      if (t != CLOSED) {
        return false;
      }
    }
    for (SpreadStat s : stats) {
      if (s != null) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Quote latest(Venue venue) {
    return latest[venue.ordinal()];
  }

  @Override
  public void putLatest(Quote quote) {
    latest[quote.getVenue().ordinal()] = quote;
  }

  @Override
  public void removeLatest(Venue venue) {
    latest[venue.ordinal()] = null;
  }

  @Override
  public long lastSignalUs(int pair) {
    return lastSignalUs[pair];
  }

  @Override
  public void open(int pair, long signalTimeUs) {
    lastSignalUs[pair] = signalTimeUs;
  }

  @Override
  public void close(int pair) {
    lastSignalUs[pair] = CLOSED;
  }

  @Override
  public SpreadStat stat(int pair) {
    return stats[pair];
  }

  @Override
  public void putStat(int pair, SpreadStat stat) {
    stats[pair] = stat;
  }
}
