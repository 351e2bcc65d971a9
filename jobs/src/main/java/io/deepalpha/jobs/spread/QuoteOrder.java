package io.deepalpha.jobs.spread;

import io.deepalpha.model.event.Quote;
import java.io.Serializable;
import java.util.Comparator;

/**
 * The processing order of BRIEF §4: exchange event time, then venue name, then sequence (then the
 * connection, so that the order is total and never depends on arrival).
 */
public final class QuoteOrder implements Comparator<Quote>, Serializable {
  private static final long serialVersionUID = 1L;

  public static final QuoteOrder INSTANCE = new QuoteOrder();

  @Override
  public int compare(Quote a, Quote b) {
    int c = Long.compare(a.getExchangeTimeUs(), b.getExchangeTimeUs());
    if (c != 0) {
      return c;
    }
    c = a.getVenue().name().compareTo(b.getVenue().name());
    if (c != 0) {
      return c;
    }
    c = Long.compare(a.getSequence(), b.getSequence());
    return c != 0 ? c : Long.compare(a.getConnectionId(), b.getConnectionId());
  }

  /** True if {@code candidate} comes after {@code current} (or there is no current quote). */
  public static boolean isNewer(Quote candidate, Quote current) {
    return current == null || INSTANCE.compare(candidate, current) > 0;
  }
}
