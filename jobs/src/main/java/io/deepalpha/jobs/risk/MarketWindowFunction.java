package io.deepalpha.jobs.risk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Computes {@link MarketRiskStats} of one instrument/venue window. Events are sorted by event time
 * (then sequence) first, so log-returns are taken between consecutive mids in event time whatever
 * the arrival order.
 */
public final class MarketWindowFunction
    extends ProcessWindowFunction<MarketEvent, MarketRiskStats, String, TimeWindow> {
  private static final long serialVersionUID = 1L;

  private static final Comparator<MarketEvent> ORDER =
      Comparator.<MarketEvent>comparingLong(e -> e.timeUs).thenComparingLong(e -> e.sequence);

  @Override
  public void process(
      String key, Context ctx, Iterable<MarketEvent> events, Collector<MarketRiskStats> out) {
    List<MarketEvent> sorted = new ArrayList<>();
    events.forEach(sorted::add);
    if (sorted.isEmpty()) {
      return;
    }
    sorted.sort(ORDER);
    out.collect(compute(sorted, ctx.window().getStart(), ctx.window().getEnd()));
  }

  static MarketRiskStats compute(List<MarketEvent> sorted, long startMs, long endMs) {
    MarketRiskStats s = new MarketRiskStats();
    s.instrument = sorted.get(0).instrument;
    s.venue = sorted.get(0).venue;
    s.windowStartMs = startMs;
    s.windowEndMs = endMs;
    double sumSquares = 0;
    double previousMid = Double.NaN;
    double notional = 0;
    double[] spreads = new double[sorted.size()];
    for (MarketEvent e : sorted) {
      if (e.trade) {
        s.trades++;
        s.volume += e.size;
        notional += e.price * e.size;
      } else if (e.mid > 0) {
        spreads[(int) s.quotes++] = e.spreadBps;
        if (!Double.isNaN(previousMid)) {
          double r = Math.log(e.mid / previousMid);
          sumSquares += r * r;
        }
        previousMid = e.mid;
      }
    }
    s.volatilityBps = Math.sqrt(sumSquares) * 10_000;
    s.vwap = s.volume > 0 ? notional / s.volume : 0;
    if (s.quotes > 0) {
      double[] q = Arrays.copyOf(spreads, (int) s.quotes);
      Arrays.sort(q);
      s.spreadBpsMin = q[0];
      s.spreadBpsMax = q[q.length - 1];
      s.spreadBpsMedian = percentile(q, 0.5);
      s.spreadBpsP90 = percentile(q, 0.9);
    }
    return s;
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
