package io.deepalpha.jobs.store;

import io.deepalpha.jobs.risk.RiskMetric;
import io.deepalpha.model.event.RiskScope;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * A metric RiskJob compares with its limits as an InfluxDB {@code risk_metrics} row: source {@code
 * *} (not per venue) becomes no venue tag; the metric's event time is the point's time.
 */
public final class RiskMetricRows
    implements MapFunction<RiskMetric, io.deepalpha.sinks.row.RiskMetric> {
  private static final long serialVersionUID = 1L;

  @Override
  public io.deepalpha.sinks.row.RiskMetric map(RiskMetric m) {
    return new io.deepalpha.sinks.row.RiskMetric(
        RiskScope.valueOf(m.scope),
        m.scopeKey,
        "*".equals(m.source) ? null : m.source,
        m.metric,
        m.value,
        m.eventTimeUs);
  }
}
