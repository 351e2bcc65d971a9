package io.deepalpha.executor.risk;

import io.deepalpha.model.event.RiskLevel;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Venue;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest risk.state level per scope, as RiskJob published it. Executor thread only, except
 * {@link #forEachLevel}, the copy that /metrics reads (risk states are rare: the copy may
 * allocate).
 */
public final class RiskStates {
  /** A scope and its key as the metrics label them. */
  public record ScopeKey(RiskScope scope, String key) {}

  /** Receives one obeyed level per scope and key. */
  public interface LevelConsumer {
    void accept(RiskScope scope, String key, RiskLevel level);
  }

  private final Map<ScopeKey, RiskLevel> published = new ConcurrentHashMap<>();
  private final Map<String, RiskLevel> instruments = new HashMap<>();
  private final Map<String, RiskLevel> strategies = new HashMap<>();
  private final RiskLevel[] venues = new RiskLevel[Venue.values().length];
  private RiskLevel global = RiskLevel.OK;

  public RiskStates() {
    // The global level is always exported (OK until RiskJob says otherwise): a dashboard or an
    // alert on deepalpha_executor_risk_state has a series from the start.
    published.put(new ScopeKey(RiskScope.GLOBAL, "*"), RiskLevel.OK);
  }

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
          // A venue this build does not know cannot be traded here either: nothing is obeyed.
          return;
        }
      }
    }
    published.put(new ScopeKey(state.getScope(), state.getScopeKey()), level);
  }

  /** Every level received so far (the latest per scope and key); safe from any thread. */
  public void forEachLevel(LevelConsumer consumer) {
    published.forEach((k, level) -> consumer.accept(k.scope(), k.key(), level));
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
