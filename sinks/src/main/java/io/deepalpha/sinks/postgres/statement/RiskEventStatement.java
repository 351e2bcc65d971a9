package io.deepalpha.sinks.postgres.statement;

import io.deepalpha.model.event.RiskState;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** {@code risk_events}: one row per risk level transition, key (scope, scope_key, time, level). */
public final class RiskEventStatement extends UpsertStatement<RiskState> {
  private static final long serialVersionUID = 1L;

  public RiskEventStatement() {
    super(
        "risk_events",
        List.of(
            "scope",
            "scope_key",
            "event_time",
            "level",
            "previous_level",
            "reason",
            "metric",
            "value",
            "limit_value",
            "config_version"),
        List.of("scope", "scope_key", "event_time", "level"),
        OnConflict.DO_NOTHING,
        Map.of());
  }

  @Override
  public void statement(PreparedStatement ps, RiskState r) throws SQLException {
    ps.setString(1, r.getScope().name());
    ps.setString(2, r.getScopeKey());
    ps.setObject(3, micros(r.getEventTimeUs()));
    ps.setString(4, r.getLevel().name());
    ps.setString(5, r.getPreviousLevel().name());
    ps.setString(6, r.getReason());
    ps.setString(7, r.getMetric());
    ps.setDouble(8, r.getValue());
    ps.setDouble(9, r.getLimit());
    ps.setLong(10, r.getConfigVersion());
  }
}
