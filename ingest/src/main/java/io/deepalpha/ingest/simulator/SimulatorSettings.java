package io.deepalpha.ingest.simulator;

import java.time.Duration;

/**
 * Knobs of the synthetic market.
 *
 * @param stepInterval time between market steps (each step moves every book)
 * @param volatilityBps latent price move per step (standard deviation)
 * @param noiseBps how far each venue's mid wanders from the latent price: above the fees, this is
 *     what makes cross-venue opportunities appear
 * @param halfSpreadBps half of each venue's quoted spread
 * @param stepsPerTrade one trade per instrument every this many steps
 * @param stalePeriod how long a STALE_FEED fault keeps a connection silent
 * @param seed random seed: the same seed gives the same market
 */
public record SimulatorSettings(
    Duration stepInterval,
    double volatilityBps,
    double noiseBps,
    double halfSpreadBps,
    int stepsPerTrade,
    Duration stalePeriod,
    long seed) {

  public static SimulatorSettings defaults() {
    return new SimulatorSettings(
        Duration.ofMillis(10), 1.0, 3.0, 0.5, 5, Duration.ofSeconds(3), 42);
  }

  public SimulatorSettings withStepInterval(Duration interval) {
    return new SimulatorSettings(
        interval, volatilityBps, noiseBps, halfSpreadBps, stepsPerTrade, stalePeriod, seed);
  }

  public SimulatorSettings withStalePeriod(Duration period) {
    return new SimulatorSettings(
        stepInterval, volatilityBps, noiseBps, halfSpreadBps, stepsPerTrade, period, seed);
  }
}
