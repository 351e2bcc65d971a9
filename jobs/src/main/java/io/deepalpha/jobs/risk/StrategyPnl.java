package io.deepalpha.jobs.risk;

/** Realized PnL and its peak for one strategy and trading day (UTC). Flink POJO. */
public class StrategyPnl {
  public long dayStartMs;
  public double realized;
  public double peak;

  public StrategyPnl() {}
}
