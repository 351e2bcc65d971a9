package io.deepalpha.sinks.influx.point;

import io.deepalpha.model.event.RiskState;
import io.deepalpha.sinks.influx.PointBuffer;
import io.deepalpha.sinks.influx.PointMapper;

/**
 * Measurement {@code risk_state}, one point per level transition: tags {@code scope}, {@code
 * scope_key}, {@code metric}; integer field {@code level_code} (0 OK, 1 WARN, 2 HALT, for graphs);
 * string fields {@code level}, {@code previous_level}, {@code reason}; float fields {@code value},
 * {@code limit}.
 */
public final class RiskStatePoints implements PointMapper<RiskState> {
  private static final long serialVersionUID = 1L;

  @Override
  public void write(RiskState r, PointBuffer out) {
    out.start("risk_state")
        .tag("metric", r.getMetric())
        .tag("scope", r.getScope().name())
        .tag("scope_key", r.getScopeKey())
        .field("level_code", (long) r.getLevel().ordinal())
        .field("level", r.getLevel().name())
        .field("previous_level", r.getPreviousLevel().name())
        .field("reason", r.getReason())
        .field("value", r.getValue())
        .field("limit", r.getLimit())
        .end(r.getEventTimeUs());
  }
}
