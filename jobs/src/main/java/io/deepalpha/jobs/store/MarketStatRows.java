package io.deepalpha.jobs.store;

import io.deepalpha.jobs.risk.MarketRiskStats;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.sinks.row.RiskMetric;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The statistics of one market window as InfluxDB {@code risk_metrics} rows (scope INSTRUMENT,
 * venue tag, at the window end): counts, volume and VWAP when the window holds trades, the quoted
 * spread distribution when it holds quotes. Volatility is not repeated here: it is one of the limit
 * metrics ({@link RiskMetricRows}) and lands on the same point.
 */
public final class MarketStatRows implements FlatMapFunction<MarketRiskStats, RiskMetric> {
  private static final long serialVersionUID = 1L;

  @Override
  public void flatMap(MarketRiskStats s, Collector<RiskMetric> out) {
    long endUs = s.windowEndMs * 1_000L;
    out.collect(metric(s, "quotes", s.quotes, endUs));
    out.collect(metric(s, "trades", s.trades, endUs));
    if (s.trades > 0) {
      out.collect(metric(s, "volume", s.volume, endUs));
      out.collect(metric(s, "vwap", s.vwap, endUs));
    }
    if (s.quotes > 0) {
      out.collect(metric(s, "spread_bps_min", s.spreadBpsMin, endUs));
      out.collect(metric(s, "spread_bps_p50", s.spreadBpsMedian, endUs));
      out.collect(metric(s, "spread_bps_p90", s.spreadBpsP90, endUs));
      out.collect(metric(s, "spread_bps_max", s.spreadBpsMax, endUs));
    }
  }

  private static RiskMetric metric(MarketRiskStats s, String name, double value, long endUs) {
    return new RiskMetric(RiskScope.INSTRUMENT, s.instrument, s.venue, name, value, endUs);
  }
}
