package io.deepalpha.jobs.risk;

/** Realized PnL and its peak for one strategy and trading day (UTC). Flink POJO. */
public class StrategyPnl {
  public long dayStartMs;
  public double realized;
  public double peak;

  /** Event time (ms) of the last metrics emitted on a quote; {@code Long.MIN_VALUE} before. */
  public long lastMarkEmitMs = Long.MIN_VALUE;

  public StrategyPnl() {}
}
