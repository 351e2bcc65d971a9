package io.deepalpha.jobs.spread;

import io.deepalpha.model.event.Venue;

/** Ordered venue pairs (buy on A, sell on B) as small ints, for state keys. */
public final class VenuePairs {
  public static final Venue[] VENUES = Venue.values();
  private static final int N = VENUES.length;

  private VenuePairs() {}

  public static int of(Venue buy, Venue sell) {
    return buy.ordinal() * N + sell.ordinal();
  }

  public static Venue buy(int pair) {
    return VENUES[pair / N];
  }

  public static Venue sell(int pair) {
    return VENUES[pair % N];
  }

  public static boolean involves(int pair, Venue venue) {
    return buy(pair) == venue || sell(pair) == venue;
  }
}
