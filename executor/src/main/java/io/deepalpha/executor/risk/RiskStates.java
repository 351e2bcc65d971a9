package io.deepalpha.executor.risk;

import io.deepalpha.model.event.RiskLevel;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Venue;
import java.util.HashMap;
import java.util.Map;

/** The latest risk.state level per scope, as RiskJob published it. Executor thread only. */
public final class RiskStates {
  private final Map<String, RiskLevel> instruments = new HashMap<>();
  private final Map<String, RiskLevel> strategies = new HashMap<>();
  private final RiskLevel[] venues = new RiskLevel[Venue.values().length];
  private RiskLevel global = RiskLevel.OK;

  public void onRiskState(RiskState state) {
    RiskLevel level = state.getLevel();
    switch (state.getScope()) {
      case GLOBAL -> global = level;
      case INSTRUMENT -> instruments.put(state.getScopeKey(), level);
      case STRATEGY -> strategies.put(state.getScopeKey(), level);
      case VENUE -> {
        try {
          venues[Venue.valueOf(state.getScopeKey()).ordinal()] = level;
        } catch (IllegalArgumentException e) {
          // A venue this build does not know cannot be traded here either.
        }
      }
    }
  }

  public boolean halted(RiskScope scope, String key) {
    return switch (scope) {
      case GLOBAL -> global == RiskLevel.HALT;
      case INSTRUMENT -> instruments.get(key) == RiskLevel.HALT;
      case STRATEGY -> strategies.get(key) == RiskLevel.HALT;
      case VENUE -> halted(Venue.valueOf(key));
    };
  }

  public boolean halted(Venue venue) {
    return venues[venue.ordinal()] == RiskLevel.HALT;
  }

  public boolean globalHalt() {
    return global == RiskLevel.HALT;
  }
}
