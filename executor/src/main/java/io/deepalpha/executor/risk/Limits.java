package io.deepalpha.executor.risk;

import io.deepalpha.executor.config.ExecutorConfig;

/**
 * The numeric limits the rules compare against, immutable. A reload builds a new instance and the
 * executor thread swaps it in between signals, so orders in flight keep going and every signal is
 * checked against one consistent set.
 *
 * @param maxPositionSize absolute position per instrument and venue, base units
 * @param riskAmount RISK_LIMIT x ACCOUNT_EQUITY, quote currency: the largest realized loss and the
 *     largest exposure
 * @param maxNotional per order, quote currency
 */
public record Limits(
    double maxPositionSize,
    double riskAmount,
    double maxNotional,
    int priceCollarBps,
    long staleSignalEventUs,
    long staleSignalWallUs,
    long quoteMaxAgeUs,
    int orderRatePerSec,
    int orderRateBurst) {

  public static Limits of(ExecutorConfig c) {
    return new Limits(
        c.maxPositionSize().doubleValue(),
        c.riskLimit().multiply(c.accountEquity()).doubleValue(),
        c.maxNotional().doubleValue(),
        c.priceCollarBps(),
        c.staleSignalEventMs() * 1000,
        c.staleSignalWallMs() * 1000,
        c.quoteMaxAgeMs() * 1000,
        c.orderRatePerSec(),
        c.orderRateBurst());
  }
}
