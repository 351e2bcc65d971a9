package io.deepalpha.ingest.simulator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One latent "true" price per instrument, a random walk stepped by the simulator clock; every venue
 * quotes around it with its own noise, so cross-venue spreads open and close at a rate set by the
 * venues' noise against their fees. Thread-safe reads (one writer: the market ticker).
 */
public final class LatentMarket {
  private final List<String> instruments;
  private final double[] prices;
  private final double volatilityBps;
  private final SplittableRandom random;

  /**
   * @param volatilityBps standard deviation of one step, in basis points
   */
  public LatentMarket(
      List<String> instruments, double startPrice, double volatilityBps, long seed) {
    this.instruments = List.copyOf(instruments);
    this.prices = new double[instruments.size()];
    java.util.Arrays.fill(prices, startPrice);
    this.volatilityBps = volatilityBps;
    this.random = new SplittableRandom(seed);
  }

  public List<String> instruments() {
    return instruments;
  }

  public synchronized void step() {
    for (int i = 0; i < prices.length; i++) {
      prices[i] *= Math.exp(gaussian() * volatilityBps / 10_000);
    }
  }

  public synchronized double price(int instrument) {
    return prices[instrument];
  }

  private double gaussian() {
    // Box-Muller; the simulator needs plausible, not perfect, normals.
    double u = Math.max(random.nextDouble(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
