package io.deepalpha.jobs.store;

import io.deepalpha.jobs.spread.SpreadStat;
import io.deepalpha.model.event.Venue;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * SpreadJob's statistics as the sinks' row ({@code spread_stats}, InfluxDB {@code spreads}): the
 * interval keeps its bounds, evaluations become samples, time above the threshold goes from µs to
 * whole ms (truncated).
 */
public final class SpreadStatRows
    implements MapFunction<SpreadStat, io.deepalpha.sinks.row.SpreadStat> {
  private static final long serialVersionUID = 1L;

  @Override
  public io.deepalpha.sinks.row.SpreadStat map(SpreadStat s) {
    return new io.deepalpha.sinks.row.SpreadStat(
        s.instrument,
        Venue.valueOf(s.buyVenue),
        Venue.valueOf(s.sellVenue),
        s.windowStartUs,
        s.windowEndUs,
        s.minNetBps,
        s.maxNetBps,
        s.lastNetBps,
        s.aboveThresholdUs / 1_000L,
        s.evaluations);
  }
}
