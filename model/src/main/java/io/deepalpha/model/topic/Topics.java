package io.deepalpha.model.topic;

import io.deepalpha.model.EventType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kafka topics of BRIEF section 3. Partition counts are the defaults the stack creates; market
 * data gets the most because it carries by far the most events.
 */
public final class Topics {

  static final String CLEANUP_POLICY = "cleanup.policy";
  static final String RETENTION_MS = "retention.ms";

  // Latest value per key is all a consumer needs: config rows and risk levels are state, not
  // history.
  private static final Map<String, String> COMPACT = Map.of(CLEANUP_POLICY, "compact");

  public static final Topic MD_QUOTES = new Topic("md.quotes", 6, Map.of(), EventType.QUOTE);
  public static final Topic MD_TRADES = new Topic("md.trades", 6, Map.of(), EventType.TRADE);

  /** Kept two weeks: long enough for an operator to inspect and replay what ingest rejected. */
  public static final Topic MD_DEADLETTER =
      new Topic(
          "md.deadletter",
          1,
          Map.of(RETENTION_MS, Long.toString(Duration.ofDays(14).toMillis())),
          EventType.DEAD_LETTER);

  public static final Topic CONFIG_INSTRUMENTS =
      new Topic("config.instruments", 1, COMPACT, EventType.CONFIG_CHANGE);
  public static final Topic CONFIG_STRATEGIES =
      new Topic("config.strategies", 1, COMPACT, EventType.CONFIG_CHANGE);
  public static final Topic CONFIG_RISK_LIMITS =
      new Topic("config.risk_limits", 1, COMPACT, EventType.CONFIG_CHANGE);

  public static final Topic SIGNALS = new Topic("signals", 3, Map.of(), EventType.SIGNAL);
  public static final Topic RISK_STATE = new Topic("risk.state", 1, COMPACT, EventType.RISK_STATE);
  public static final Topic EXEC_ORDERS = new Topic("exec.orders", 3, Map.of(), EventType.ORDER);
  public static final Topic EXEC_FILLS = new Topic("exec.fills", 3, Map.of(), EventType.FILL);

  private static final List<Topic> ALL =
      List.of(
          MD_QUOTES,
          MD_TRADES,
          MD_DEADLETTER,
          CONFIG_INSTRUMENTS,
          CONFIG_STRATEGIES,
          CONFIG_RISK_LIMITS,
          SIGNALS,
          RISK_STATE,
          EXEC_ORDERS,
          EXEC_FILLS);

  private Topics() {}

  /** Every topic of the contract, for the launcher that creates them. */
  public static List<Topic> all() {
    return ALL;
  }

  /** The topic called {@code name}, if it is part of the contract. */
  public static Optional<Topic> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The config topic of a live-config table, e.g. "risk_limits" gives config.risk_limits. */
  public static Optional<Topic> configTopicOf(String table) {
    return byName("config." + table);
  }
}
