package io.deepalpha.ingest.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The book one simulated venue shows for one instrument: a few levels around its noisy view of the
 * latent price, in cents and 1e-4 lots, and the level changes since the last step (what the venue's
 * delta messages carry).
 */
final class SimBook {
  static final int LEVELS = 5;

  /** One changed level: size 0 = removed. */
  record Change(boolean bid, long priceCents, long sizeLots) {}

  final TreeMap<Long, Long> bids = new TreeMap<>(java.util.Comparator.reverseOrder());
  final TreeMap<Long, Long> asks = new TreeMap<>();
  private final SplittableRandom random;
  private final double noiseBps;
  private final double halfSpreadBps;
  private double offsetBps;
  private double targetBps;
  private int stepsToTarget;

  SimBook(long seed, double noiseBps, double halfSpreadBps) {
    this.random = new SplittableRandom(seed);
    this.noiseBps = noiseBps;
    this.halfSpreadBps = halfSpreadBps;
  }

  /**
   * Moves the book to the venue's new view of {@code latent}; returns the changed levels. The
   * venue's offset from the latent price glides towards a target within +-noise, drawn anew every
   * 100-400 steps (1-4 s at the default step): dislocations build up and fade over seconds, like a
   * venue lagging the market, instead of jittering tick by tick — so cross-venue edges appear
   * without the venue's own realized volatility exploding.
   */
  List<Change> step(double latent) {
    if (stepsToTarget == 0) {
      targetBps = noiseBps * (random.nextDouble() * 2 - 1);
      stepsToTarget = 100 + random.nextInt(300);
    }
    offsetBps += (targetBps - offsetBps) / stepsToTarget;
    stepsToTarget--;
    double mid = latent * (1 + offsetBps / 10_000);
    long bestBid = (long) Math.floor(mid * (1 - halfSpreadBps / 10_000) * 100);
    long bestAsk =
        Math.max(bestBid + 1, (long) Math.ceil(mid * (1 + halfSpreadBps / 10_000) * 100));
    TreeMap<Long, Long> newBids = new TreeMap<>(java.util.Comparator.reverseOrder());
    TreeMap<Long, Long> newAsks = new TreeMap<>();
    for (int i = 0; i < LEVELS; i++) {
      newBids.put(bestBid - i, sizeFor(bids.get(bestBid - i)));
      newAsks.put(bestAsk + i, sizeFor(asks.get(bestAsk + i)));
    }
    List<Change> changes = new ArrayList<>();
    diff(true, bids, newBids, changes);
    diff(false, asks, newAsks, changes);
    bids.clear();
    bids.putAll(newBids);
    asks.clear();
    asks.putAll(newAsks);
    return changes;
  }

  /** Mostly keep a level's size, sometimes change it, so deltas stay small like real ones. */
  private long sizeFor(Long previous) {
    if (previous != null && random.nextInt(4) != 0) {
      return previous;
    }
    return 1_000 + random.nextInt(20_000);
  }

  private static void diff(
      boolean bid, TreeMap<Long, Long> old, TreeMap<Long, Long> now, List<Change> out) {
    for (var e : old.entrySet()) {
      if (!now.containsKey(e.getKey())) {
        out.add(new Change(bid, e.getKey(), 0));
      }
    }
    for (var e : now.entrySet()) {
      if (!e.getValue().equals(old.get(e.getKey()))) {
        out.add(new Change(bid, e.getKey(), e.getValue()));
      }
    }
  }

  long bestBid() {
    return bids.firstKey();
  }

  long bestAsk() {
    return asks.firstKey();
  }

  static String price(long cents) {
    return io.deepalpha.model.FixedPoint.toString(cents, 2);
  }

  static String size(long lots) {
    return io.deepalpha.model.FixedPoint.toString(lots, 4);
  }

  /** Kraken v1 style: fixed decimals, as Kraken prints them. */
  static String fixed(long mantissa, int scale, int decimals) {
    java.math.BigDecimal v = java.math.BigDecimal.valueOf(mantissa, scale);
    return v.setScale(decimals, java.math.RoundingMode.UNNECESSARY).toPlainString();
  }
}
