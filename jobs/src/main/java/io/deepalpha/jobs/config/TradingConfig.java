package io.deepalpha.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.deepalpha.model.event.ChangeOp;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.Venue;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trading configuration: the rows of the live-config tables (decision 0002) as text, exactly as
 * PostgreSQL prints them, plus the highest change version applied. Defaults come from {@code
 * configs/trading.yaml} (version 0); a {@link ConfigChange} from {@code config.*} replaces or
 * deletes one row and yields a new instance. Every row is validated when the config is built, so a
 * bad value stops the job at start (defaults) or is refused as a whole change (live), with a
 * message naming the key.
 */
public final class TradingConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Strategy of the cross-venue spread job in table {@code strategies}. */
  public static final String DEFAULT_STRATEGY = "xarb";

  private final TreeMap<String, TreeMap<String, String>> rows;
  private final long version;
  private final String strategy;

  /** Version of the last change applied to each row (deletes included). */
  private final TreeMap<String, Long> rowVersions;

  private final transient Map<String, InstrumentParams> instruments;
  private final transient List<RiskLimit> riskLimits;

  private TradingConfig(
      TreeMap<String, TreeMap<String, String>> rows,
      long version,
      String strategy,
      TreeMap<String, Long> rowVersions) {
    this.rows = rows;
    this.version = version;
    this.strategy = strategy;
    this.rowVersions = rowVersions;
    this.instruments = Collections.unmodifiableMap(deriveInstruments());
    this.riskLimits = Collections.unmodifiableList(deriveRiskLimits());
  }

  /** Loads {@code trading.yaml}; fails naming the file and key of the first bad value. */
  public static TradingConfig load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read trading config: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(file + ": not a YAML mapping");
    }
    TreeMap<String, TreeMap<String, String>> rows = new TreeMap<>();
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      ConfigTable table = ConfigTable.byName(name);
      if (table == null) {
        throw new ConfigException(file + ": " + name + ": unknown table");
      }
      JsonNode list = root.get(name);
      for (int i = 0; i < list.size(); i++) {
        String where = file + ": " + name + "[" + i + "]";
        TreeMap<String, String> row = new TreeMap<>();
        list.get(i).fields().forEachRemaining(f -> row.put(f.getKey(), f.getValue().asText()));
        rows.put(name + "|" + table.keyOf(row, where), row);
      }
    }
    try {
      return new TradingConfig(rows, 0L, DEFAULT_STRATEGY, new TreeMap<>());
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The config after one change. A change whose version is not above the last one applied to the
   * same row is a no-op (a replayed or reordered older change). Versions are compared per row, not
   * with the config's version: the three config topics are read without order between them, so a
   * change of one table may arrive after a later change (higher LSN) of another, and must still
   * apply. The config's version is the highest applied.
   */
  public TradingConfig apply(ConfigChange change) {
    ConfigTable table = ConfigTable.byName(change.getTable());
    String rowKey = change.getTable() + "|" + change.getKey();
    if (table == null || change.getVersion() <= rowVersions.getOrDefault(rowKey, 0L)) {
      return this;
    }
    TreeMap<String, TreeMap<String, String>> next = new TreeMap<>(rows);
    if (change.getOp() == ChangeOp.DELETE || change.getAfter() == null) {
      next.remove(rowKey);
    } else {
      TreeMap<String, String> row = new TreeMap<>();
      change.getAfter().forEach((k, v) -> row.put(k, v));
      next.put(rowKey, row);
    }
    TreeMap<String, Long> versions = new TreeMap<>(rowVersions);
    versions.put(rowKey, change.getVersion());
    return new TradingConfig(next, Math.max(version, change.getVersion()), strategy, versions);
  }

  public TradingConfig forStrategy(String strategyName) {
    return new TradingConfig(rows, version, strategyName, rowVersions);
  }

  public long version() {
    return version;
  }

  /** Parameters of one instrument, or {@code null} if neither fees nor strategy are configured. */
  public InstrumentParams instrument(String instrument) {
    return instruments.get(instrument);
  }

  public List<RiskLimit> riskLimits() {
    return riskLimits;
  }

  private Object readResolve() {
    return new TradingConfig(rows, version, strategy, rowVersions);
  }

  private Map<String, InstrumentParams> deriveInstruments() {
    Map<String, double[]> fees = new HashMap<>();
    Map<String, StrategyParams> strategies = new HashMap<>();
    rows.forEach(
        (key, row) -> {
          if (key.startsWith("instruments|")) {
            Venue venue = venueOf(key, row);
            double[] venueFees =
                fees.computeIfAbsent(text(key, row, "instrument"), k -> InstrumentParams.noFees());
            double fee = number(key, row, "taker_fee_bps");
            venueFees[venue.ordinal()] = bool(key, row, "enabled", true) ? fee : Double.NaN;
          } else if (key.startsWith("strategies|") && strategy.equals(row.get("strategy"))) {
            strategies.put(text(key, row, "instrument"), strategyOf(key, row));
          }
        });
    Map<String, InstrumentParams> result = new LinkedHashMap<>();
    for (String instrument : union(fees.keySet(), strategies.keySet())) {
      result.put(
          instrument,
          new InstrumentParams(
              fees.getOrDefault(instrument, InstrumentParams.noFees()),
              strategies.get(instrument)));
    }
    return result;
  }

  private static List<String> union(Iterable<String> a, Iterable<String> b) {
    TreeMap<String, Boolean> all = new TreeMap<>();
    a.forEach(s -> all.put(s, true));
    b.forEach(s -> all.put(s, true));
    return new ArrayList<>(all.keySet());
  }

  private static StrategyParams strategyOf(String key, Map<String, String> row) {
    BigDecimal maxQty = decimal(key, row, "max_qty");
    long staleness = integer(key, row, "staleness_ms");
    long cooldown = integer(key, row, "cooldown_ms");
    if (maxQty.signum() <= 0 || staleness < 0 || cooldown < 0) {
      throw new ConfigException(
          key + ": max_qty must be > 0 and staleness_ms, cooldown_ms >= 0, got " + row);
    }
    return new StrategyParams(
        number(key, row, "min_edge_bps"),
        maxQty,
        staleness,
        cooldown,
        bool(key, row, "enabled", true));
  }

  private List<RiskLimit> deriveRiskLimits() {
    List<RiskLimit> limits = new ArrayList<>();
    rows.forEach(
        (key, row) -> {
          if (key.startsWith("risk_limits|")) {
            RiskScope scope;
            try {
              scope = RiskScope.valueOf(text(key, row, "scope"));
            } catch (IllegalArgumentException e) {
              throw new ConfigException(key + ".scope: unknown scope '" + row.get("scope") + "'");
            }
            limits.add(
                new RiskLimit(
                    scope,
                    text(key, row, "scope_key"),
                    text(key, row, "metric"),
                    number(key, row, "warn_value"),
                    number(key, row, "halt_value")));
          }
        });
    return limits;
  }

  private static Venue venueOf(String key, Map<String, String> row) {
    String name = text(key, row, "venue");
    try {
      Venue venue = Venue.valueOf(name);
      if (venue != Venue.UNKNOWN) {
        return venue;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ConfigException(key + ".venue: unknown venue '" + name + "'");
  }

  private static String text(String key, Map<String, String> row, String column) {
    String value = row.get(column);
    if (value == null || value.isBlank()) {
      throw new ConfigException(key + "." + column + ": missing");
    }
    return value;
  }

  private static double number(String key, Map<String, String> row, String column) {
    return decimal(key, row, column).doubleValue();
  }

  private static BigDecimal decimal(String key, Map<String, String> row, String column) {
    String value = text(key, row, column);
    try {
      return new BigDecimal(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + "." + column + ": '" + value + "' is not a number");
    }
  }

  private static long integer(String key, Map<String, String> row, String column) {
    String value = text(key, row, column);
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + "." + column + ": '" + value + "' is not an integer");
    }
  }

  private static boolean bool(String key, Map<String, String> row, String column, boolean dflt) {
    String value = row.get(column);
    if (value == null) {
      return dflt;
    }
    switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "t" -> {
        return true;
      }
      case "false", "f" -> {
        return false;
      }
      default ->
          throw new ConfigException(key + "." + column + ": '" + value + "' is not a boolean");
    }
  }
}
