package io.deepalpha.executor.risk;

import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;

/** risk.state HALT for the globe, the strategy, the instrument or either venue stops the signal. */
public final class KillSwitchRule implements PreTradeRule {
  private final RiskStates states;
  private final String strategy;

  public KillSwitchRule(RiskStates states, String strategy) {
    this.states = states;
    this.strategy = strategy;
  }

  @Override
  public boolean check(Signal s, long nowUs, Verdict verdict) {
    if (states.globalHalt()
        || states.halted(RiskScope.STRATEGY, strategy)
        || states.halted(RiskScope.INSTRUMENT, s.getInstrument())) {
      return verdict.refuse(RejectReason.KILL_SWITCH, 0, 0, Venue.UNKNOWN);
    }
    if (states.halted(s.getBuyVenue())) {
      return verdict.refuse(RejectReason.KILL_SWITCH, 0, 0, s.getBuyVenue());
    }
    if (states.halted(s.getSellVenue())) {
      return verdict.refuse(RejectReason.KILL_SWITCH, 0, 0, s.getSellVenue());
    }
    return true;
  }
}
