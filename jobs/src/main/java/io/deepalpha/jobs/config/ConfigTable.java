package io.deepalpha.jobs.config;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The three live-config tables of decision 0002, with their primary key columns. The row key is the
 * key columns joined with {@code |}, exactly as Debezium puts it on {@code config.<table>}.
 */
public enum ConfigTable {
  INSTRUMENTS("instruments", List.of("instrument", "venue")),
  STRATEGIES("strategies", List.of("strategy", "instrument")),
  RISK_LIMITS("risk_limits", List.of("scope", "scope_key", "metric"));

  private final String tableName;
  private final List<String> keyColumns;

  ConfigTable(String tableName, List<String> keyColumns) {
    this.tableName = tableName;
    this.keyColumns = keyColumns;
  }

  public String tableName() {
    return tableName;
  }

  /** Row key from a row's columns; fails naming the missing column. */
  public String keyOf(Map<String, String> row, String where) {
    StringJoiner key = new StringJoiner("|");
    for (String column : keyColumns) {
      String value = row.get(column);
      if (value == null || value.isBlank()) {
        throw new ConfigException(
            where + "." + column + ": missing (key column of " + tableName + ")");
      }
      key.add(value);
    }
    return key.toString();
  }

  public static ConfigTable byName(String tableName) {
    for (ConfigTable table : values()) {
      if (table.tableName.equals(tableName)) {
        return table;
      }
    }
    return null;
  }
}
