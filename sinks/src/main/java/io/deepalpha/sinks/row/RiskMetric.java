package io.deepalpha.sinks.row;

import io.deepalpha.model.event.RiskScope;
import java.util.Objects;

/**
 * One value of one risk metric at the end of one RiskJob window, for the InfluxDB {@code
 * risk_metrics} measurement (the level transitions themselves are {@code RiskState} rows).
 *
 * <p>Examples: INSTRUMENT / BTC-USDT / venue BINANCE / {@code volatility_bps}; STRATEGY / xarb /
 * venue null / {@code drawdown}. Metric names are those of {@code configs/trading.yaml} plus the
 * window statistics ({@code volume}, {@code vwap}, {@code spread_bps_p50} ...). A Flink POJO for
 * {@code pipeline.generic-types=false}.
 */
public class RiskMetric {
  private RiskScope scope;
  private String scopeKey;
  private String venue;
  private String metric;
  private double value;
  private long windowEndUs;

  public RiskMetric() {}

  public RiskMetric(
      RiskScope scope,
      String scopeKey,
      String venue,
      String metric,
      double value,
      long windowEndUs) {
    this.scope = scope;
    this.scopeKey = scopeKey;
    this.venue = venue;
    this.metric = metric;
    this.value = value;
    this.windowEndUs = windowEndUs;
  }

  public RiskScope getScope() {
    return scope;
  }

  public void setScope(RiskScope scope) {
    this.scope = scope;
  }

  /** Instrument, strategy name, venue name, or {@code *} for GLOBAL. */
  public String getScopeKey() {
    return scopeKey;
  }

  public void setScopeKey(String scopeKey) {
    this.scopeKey = scopeKey;
  }

  /** Venue name when the metric is per venue ({@code BINANCE}); null when it is not. */
  public String getVenue() {
    return venue;
  }

  public void setVenue(String venue) {
    this.venue = venue;
  }

  /** Metric name, lower snake case: a fixed, small set (it becomes an InfluxDB field key). */
  public String getMetric() {
    return metric;
  }

  public void setMetric(String metric) {
    this.metric = metric;
  }

  public double getValue() {
    return value;
  }

  public void setValue(double value) {
    this.value = value;
  }

  /** Window end, epoch microseconds: the point's timestamp. */
  public long getWindowEndUs() {
    return windowEndUs;
  }

  public void setWindowEndUs(long windowEndUs) {
    this.windowEndUs = windowEndUs;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RiskMetric m)) {
      return false;
    }
    return Double.compare(value, m.value) == 0
        && windowEndUs == m.windowEndUs
        && scope == m.scope
        && Objects.equals(scopeKey, m.scopeKey)
        && Objects.equals(venue, m.venue)
        && Objects.equals(metric, m.metric);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scope, scopeKey, venue, metric, windowEndUs);
  }

  @Override
  public String toString() {
    return "RiskMetric{"
        + scope
        + ":"
        + scopeKey
        + (venue == null ? "" : " venue=" + venue)
        + " "
        + metric
        + "="
        + value
        + " @"
        + windowEndUs
        + "}";
  }
}
