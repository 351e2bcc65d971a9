package io.deepalpha.jobs.spread;

import io.deepalpha.model.event.Quote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Reorders quotes as a network would: each is delayed by less than the watermark bound. */
public final class ShuffledArrival {
  private ShuffledArrival() {}

  public static List<Quote> within(List<Quote> quotes, long boundUs, Random random) {
    List<long[]> arrival = new ArrayList<>();
    for (int i = 0; i < quotes.size(); i++) {
      long delayUs = (long) (random.nextDouble() * (boundUs - 1_000));
      arrival.add(new long[] {quotes.get(i).getExchangeTimeUs() + delayUs, i});
    }
    arrival.sort(Comparator.comparingLong((long[] a) -> a[0]));
    List<Quote> shuffled = new ArrayList<>();
    arrival.forEach(a -> shuffled.add(quotes.get((int) a[1])));
    return shuffled;
  }
}
