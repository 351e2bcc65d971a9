package io.deepalpha.executor.risk;

import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;

/**
 * A signal id that already has an outcome (a replay after a restart, or SpreadJob re-emitting) is
 * not traded again. Its one outcome already exists, so the executor counts it and records no second
 * one.
 */
public final class DuplicateSignalRule implements PreTradeRule {
  private final SignalIds ids;

  public DuplicateSignalRule(SignalIds ids) {
    this.ids = ids;
  }

  @Override
  public boolean check(Signal s, long nowUs, Verdict verdict) {
    if (ids.contains(s.getSignalId())) {
      return verdict.refuse(RejectReason.DUPLICATE_SIGNAL, 0, 0, Venue.UNKNOWN);
    }
    return true;
  }
}
