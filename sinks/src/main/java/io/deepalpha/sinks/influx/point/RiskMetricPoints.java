package io.deepalpha.sinks.influx.point;

import io.deepalpha.sinks.influx.PointBuffer;
import io.deepalpha.sinks.influx.PointMapper;
import io.deepalpha.sinks.row.RiskMetric;

/**
 * Measurement {@code risk_metrics}: tags {@code scope}, {@code scope_key}, {@code venue} (when per
 * venue); one float field named after the metric ({@code volatility_bps}, {@code vwap} ...), at the
 * window end. Metrics of one window share the point's key, so they end up as fields of one point.
 */
public final class RiskMetricPoints implements PointMapper<RiskMetric> {
  private static final long serialVersionUID = 1L;

  @Override
  public void write(RiskMetric m, PointBuffer out) {
    out.start("risk_metrics")
        .tag("scope", m.getScope().name())
        .tag("scope_key", m.getScopeKey())
        .tag("venue", m.getVenue())
        .field(m.getMetric(), m.getValue())
        .end(m.getWindowEndUs());
  }
}
