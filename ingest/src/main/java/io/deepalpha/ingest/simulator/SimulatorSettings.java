package io.deepalpha.ingest.simulator;

import java.time.Duration;

/**
 * Knobs of the synthetic market.
 *
 * @param stepInterval time between market steps (each step moves every book)
 * @param volatilityBps latent price move per step (standard deviation); 0.1 bps at 100 steps/s is
 *     about 8 bps of realized volatility per minute, a calm BTC market
 * @param noiseBps how far each venue's mid wanders from the latent price (at most): above the fees,
 *     this is what makes cross-venue opportunities appear. With the default fees (10 bps per side)
 *     and a 5 bps minimum edge two venues must be 26 bps apart: 20 bps gives about 10 signals per
 *     minute and instrument, 25 bps about 27, 15 bps almost none
 * @param halfSpreadBps half of each venue's quoted spread
 * @param stepsPerTrade one trade per instrument every this many steps
 * @param stalePeriod how long a STALE_FEED fault keeps a connection silent
 * @param seed random seed: the same seed gives the same market
 * @param stepsPerTick market steps per step interval and connection; above 1 (full-speed mode) a
 *     connection stops a tick early when its socket buffer is full, so the feed runs as fast as the
 *     client reads and never queues without bound
 */
public record SimulatorSettings(
    Duration stepInterval,
    double volatilityBps,
    double noiseBps,
    double halfSpreadBps,
    int stepsPerTrade,
    Duration stalePeriod,
    long seed,
    int stepsPerTick) {

  /** Steps per tick of {@code --full-speed}: far more than a client reads in 1 ms. */
  public static final int FULL_SPEED_STEPS = 1_000;

  public static SimulatorSettings defaults() {
    return new SimulatorSettings(
        Duration.ofMillis(10), 0.1, 20.0, 0.5, 5, Duration.ofSeconds(3), 42, 1);
  }

  public SimulatorSettings withStepInterval(Duration interval) {
    return new SimulatorSettings(
        interval,
        volatilityBps,
        noiseBps,
        halfSpreadBps,
        stepsPerTrade,
        stalePeriod,
        seed,
        stepsPerTick);
  }

  public SimulatorSettings withStalePeriod(Duration period) {
    return new SimulatorSettings(
        stepInterval,
        volatilityBps,
        noiseBps,
        halfSpreadBps,
        stepsPerTrade,
        period,
        seed,
        stepsPerTick);
  }

  public SimulatorSettings withStepsPerTick(int steps) {
    return new SimulatorSettings(
        stepInterval,
        volatilityBps,
        noiseBps,
        halfSpreadBps,
        stepsPerTrade,
        stalePeriod,
        seed,
        steps);
  }
}
