package io.deepalpha.jobs.spread;

import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Venue;
import org.apache.flink.api.common.state.MapState;

/** {@link SpreadBook} on Flink keyed map state (of the current key). */
final class StateSpreadBook implements SpreadBook {
  private final MapState<Integer, Quote> latest;
  private final MapState<Integer, Long> open;
  private final MapState<Integer, SpreadStat> stats;

  StateSpreadBook(
      MapState<Integer, Quote> latest,
      MapState<Integer, Long> open,
      MapState<Integer, SpreadStat> stats) {
    this.latest = latest;
    this.open = open;
    this.stats = stats;
  }

  @Override
  public Quote latest(Venue venue) {
    try {
      return latest.get(venue.ordinal());
    } catch (Exception e) {
      throw new IllegalStateException("spread state: latest quote", e);
    }
  }

  @Override
  public void putLatest(Quote quote) {
    try {
      latest.put(quote.getVenue().ordinal(), quote);
    } catch (Exception e) {
      throw new IllegalStateException("spread state: latest quote", e);
    }
  }

  @Override
  public void removeLatest(Venue venue) {
    try {
      latest.remove(venue.ordinal());
    } catch (Exception e) {
      throw new IllegalStateException("spread state: latest quote", e);
    }
  }

  @Override
  public Long lastSignalUs(int pair) {
    try {
      return open.get(pair);
    } catch (Exception e) {
      throw new IllegalStateException("spread state: open opportunities", e);
    }
  }

  @Override
  public void open(int pair, long signalTimeUs) {
    try {
      open.put(pair, signalTimeUs);
    } catch (Exception e) {
      throw new IllegalStateException("spread state: open opportunities", e);
    }
  }

  @Override
  public void close(int pair) {
    try {
      open.remove(pair);
    } catch (Exception e) {
      throw new IllegalStateException("spread state: open opportunities", e);
    }
  }

  @Override
  public SpreadStat stat(int pair) {
    try {
      return stats.get(pair);
    } catch (Exception e) {
      throw new IllegalStateException("spread state: statistics", e);
    }
  }

  @Override
  public void putStat(int pair, SpreadStat stat) {
    try {
      stats.put(pair, stat);
    } catch (Exception e) {
      throw new IllegalStateException("spread state: statistics", e);
    }
  }
}
