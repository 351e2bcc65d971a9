package io.deepalpha.jobs.risk;

/** One measured risk metric of a scope, to compare with {@code risk_limits}. Flink POJO. */
public class RiskMetric {
  /** GLOBAL, STRATEGY, INSTRUMENT or VENUE (RiskScope names). */
  public String scope;

  public String scopeKey;

  /** e.g. volatility_bps, spread_bps, position, exposure, drawdown, loss. */
  public String metric;

  /** Where the value comes from when several do (a venue); {@code *} otherwise. */
  public String source;

  public double value;
  public long eventTimeUs;

  public RiskMetric() {}

  public static RiskMetric of(
      String scope, String scopeKey, String metric, String source, double value, long eventTimeUs) {
    RiskMetric m = new RiskMetric();
    m.scope = scope;
    m.scopeKey = scopeKey;
    m.metric = metric;
    m.source = source;
    m.value = value;
    m.eventTimeUs = eventTimeUs;
    return m;
  }

  /** Key of the risk.state record this metric contributes to. */
  public String stateKey() {
    return scope + ':' + scopeKey;
  }

  @Override
  public String toString() {
    return stateKey() + ' ' + metric + '@' + source + '=' + value;
  }
}
