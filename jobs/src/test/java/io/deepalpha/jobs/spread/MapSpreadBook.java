package io.deepalpha.jobs.spread;

import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Venue;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** A {@link SpreadBook} on plain maps, for driving the evaluator without Flink. */
final class MapSpreadBook implements SpreadBook {
  final Map<Venue, Quote> latest = new EnumMap<>(Venue.class);
  final Map<Integer, Long> open = new HashMap<>();
  final Map<Integer, SpreadStat> stats = new HashMap<>();

  @Override
  public Quote latest(Venue venue) {
    return latest.get(venue);
  }

  @Override
  public void putLatest(Quote quote) {
    latest.put(quote.getVenue(), quote);
  }

  @Override
  public void removeLatest(Venue venue) {
    latest.remove(venue);
  }

  @Override
  public long lastSignalUs(int pair) {
    return open.getOrDefault(pair, CLOSED);
  }

  @Override
  public void open(int pair, long signalTimeUs) {
    open.put(pair, signalTimeUs);
  }

  @Override
  public void close(int pair) {
    open.remove(pair);
  }

  @Override
  public SpreadStat stat(int pair) {
    return stats.get(pair);
  }

  @Override
  public void putStat(int pair, SpreadStat stat) {
    stats.put(pair, stat);
  }
}
