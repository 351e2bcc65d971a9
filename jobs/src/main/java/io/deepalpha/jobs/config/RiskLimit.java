package io.deepalpha.jobs.config;

import io.deepalpha.model.event.RiskScope;
import java.io.Serializable;

/** One row of {@code risk_limits}: a metric at or above warn is WARN, at or above halt is HALT. */
public record RiskLimit(RiskScope scope, String scopeKey, String metric, double warn, double halt)
    implements Serializable {}
