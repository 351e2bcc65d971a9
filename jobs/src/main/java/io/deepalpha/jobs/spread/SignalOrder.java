package io.deepalpha.jobs.spread;

import io.deepalpha.jobs.io.SortedLinesFileSink;
import io.deepalpha.model.event.Signal;

/** Fixed order of signals in files: event time, instrument, buy venue, sell venue, id. */
public final class SignalOrder implements SortedLinesFileSink.SerializableComparator<Signal> {
  private static final long serialVersionUID = 1L;

  public static final SignalOrder INSTANCE = new SignalOrder();

  @Override
  public int compare(Signal a, Signal b) {
    int c = Long.compare(a.getEventTimeUs(), b.getEventTimeUs());
    if (c == 0) {
      c = a.getInstrument().compareTo(b.getInstrument());
    }
    if (c == 0) {
      c = a.getBuyVenue().name().compareTo(b.getBuyVenue().name());
    }
    if (c == 0) {
      c = a.getSellVenue().name().compareTo(b.getSellVenue().name());
    }
    return c != 0 ? c : a.getSignalId().compareTo(b.getSignalId());
  }
}
