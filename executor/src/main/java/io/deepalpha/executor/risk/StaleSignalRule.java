package io.deepalpha.executor.risk;

import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import java.util.function.Supplier;

/**
 * A signal expires when it is too old in event time (behind the newest event seen: the stream has
 * moved on) or by the wall clock (it waited in Kafka or the clocks drifted). Both bounds apply.
 */
public final class StaleSignalRule implements PreTradeRule {
  private final EventClock eventClock;
  private final Supplier<Limits> limits;

  public StaleSignalRule(EventClock eventClock, Supplier<Limits> limits) {
    this.eventClock = eventClock;
    this.limits = limits;
  }

  @Override
  public boolean check(Signal s, long nowUs, Verdict verdict) {
    Limits l = limits.get();
    long eventAge = eventClock.nowUs() - s.getEventTimeUs();
    if (eventAge > l.staleSignalEventUs()) {
      return verdict.refuse(
          RejectReason.STALE_EVENT_TIME,
          eventAge / 1000.0,
          l.staleSignalEventUs() / 1000.0,
          Venue.UNKNOWN);
    }
    long wallAge = nowUs - s.getEventTimeUs();
    if (wallAge > l.staleSignalWallUs()) {
      return verdict.refuse(
          RejectReason.STALE_WALL_TIME,
          wallAge / 1000.0,
          l.staleSignalWallUs() / 1000.0,
          Venue.UNKNOWN);
    }
    return true;
  }
}
