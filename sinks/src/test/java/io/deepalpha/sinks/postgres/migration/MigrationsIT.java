package io.deepalpha.sinks.postgres.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.sinks.postgres.PostgresSettings;
import io.deepalpha.sinks.postgres.PostgresUnavailableException;
import io.deepalpha.sinks.postgres.SchemaCheck;
import io.deepalpha.sinks.postgres.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

@WithLocalStack
class MigrationsIT {
  private static final Path TRADING_YAML = Path.of("../configs/trading.yaml");

  @Test
  void migrateIsIdempotentAndLeavesTheSchemaAtTheLatestVersion(StackEndpoints stack) {
    TestDatabase.migrated(stack);

    StringWriter again = new StringWriter();
    int exit = Migrations.run(TestDatabase.env(stack), new PrintWriter(again, true), "migrate");

    assertThat(exit).isZero();
    assertThat(again.toString()).contains("0 migration(s) applied, schema at version 3");
    StringWriter info = new StringWriter();
    assertThat(Migrations.run(TestDatabase.env(stack), new PrintWriter(info, true), "info"))
        .isZero();
    assertThat(info.toString())
        .contains("live config", "event tables", "monthly partitions")
        .doesNotContain("Pending");
  }

  @Test
  void liveConfigSeedRowsEqualTradingYaml(StackEndpoints stack) throws Exception {
    PostgresSettings db = TestDatabase.migrated(stack);
    JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(TRADING_YAML.toFile());

    assertThat(rows(db, "instruments", "instrument, venue"))
        .isEqualTo(
            expected(
                yaml.get("instruments"),
                List.of("instrument", "venue"),
                List.of("taker_fee_bps", "maker_fee_bps", "enabled")));
    assertThat(rows(db, "strategies", "strategy, instrument"))
        .isEqualTo(
            expected(
                yaml.get("strategies"),
                List.of("strategy", "instrument"),
                List.of("min_edge_bps", "max_qty", "staleness_ms", "cooldown_ms", "enabled")));
    assertThat(rows(db, "risk_limits", "scope, scope_key, metric"))
        .isEqualTo(
            expected(
                yaml.get("risk_limits"),
                List.of("scope", "scope_key", "metric"),
                List.of("warn_value", "halt_value")));
  }

  @Test
  void configTablesArePublishedForDebeziumWithFullReplicaIdentity(StackEndpoints stack)
      throws Exception {
    PostgresSettings db = TestDatabase.migrated(stack);
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      List<String> published = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT tablename FROM pg_publication_tables WHERE pubname = 'deepalpha_config'"
                  + " ORDER BY tablename")) {
        while (rs.next()) {
          published.add(rs.getString(1));
        }
      }
      assertThat(published).containsExactly("instruments", "risk_limits", "strategies");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT string_agg(relreplident::text, '') FROM pg_class WHERE relname IN"
                  + " ('instruments', 'strategies', 'risk_limits')")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("fff");
      }
    }
  }

  @Test
  void partitionsCoverThisMonthAndAheadAndCreatePartitionsAddsMoreOnlyOnce(StackEndpoints stack)
      throws Exception {
    PostgresSettings db = TestDatabase.migrated(stack);
    LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);

    StringWriter out = new StringWriter();
    int exit =
        Migrations.run(
            TestDatabase.env(stack),
            new PrintWriter(out, true),
            "create-partitions",
            "--months",
            "6");
    StringWriter again = new StringWriter();
    Migrations.run(
        TestDatabase.env(stack),
        new PrintWriter(again, true),
        "create-partitions",
        "--months",
        "6");

    assertThat(exit).isZero();
    assertThat(again.toString()).contains(": 0 partition(s) created");
    for (String table : List.of("spread_stats", "risk_events", "late_events")) {
      TreeSet<String> expected = new TreeSet<>();
      expected.add(table + "_default");
      for (int i = 0; i <= 6; i++) {
        LocalDate m = month.plusMonths(i);
        expected.add(String.format("%s_%04d_%02d", table, m.getYear(), m.getMonthValue()));
      }
      assertThat(partitionsOf(db, table)).containsAll(expected);
    }
  }

  @Test
  void aRowParkedInTheDefaultPartitionMovesIntoItsMonthWhenThatMonthIsCreated(StackEndpoints stack)
      throws Exception {
    PostgresSettings db = TestDatabase.migrated(stack);
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      // The stack's data outlives a test run: start from a database without that month.
      st.execute("DROP TABLE IF EXISTS spread_stats_2099_03");
      st.execute("DELETE FROM spread_stats WHERE instrument = 'PARK-USDT'");
      // Far ahead of anything create-partitions prepares: lands in the default partition.
      st.execute(
          "INSERT INTO spread_stats VALUES ('PARK-USDT', 'BINANCE', 'OKX',"
              + " '2099-03-10T00:00:00Z', '2099-03-10T00:00:01Z', 1, 2, 3, 4, 5)"
              + " ON CONFLICT DO NOTHING");
      assertThat(count(st, "spread_stats_default", "PARK-USDT")).isEqualTo(1);

      try (ResultSet rs =
          st.executeQuery(
              "SELECT deepalpha_create_monthly_partitions('spread_stats', '2099-03-01', 1)")) {
        rs.next();
      }

      assertThat(count(st, "spread_stats_default", "PARK-USDT")).isZero();
      assertThat(count(st, "spread_stats_2099_03", "PARK-USDT")).isEqualTo(1);
      assertThat(count(st, "spread_stats", "PARK-USDT")).isEqualTo(1);
    }
  }

  @Test
  void unreachableDatabaseIsReportedWithItsUrlAndExitCode2() {
    Map<String, String> env = new HashMap<>();
    env.put(PostgresSettings.URL_KEY, "jdbc:postgresql://127.0.0.1:1/deepalpha");
    env.put(PostgresSettings.USER_KEY, "deepalpha");
    env.put(PostgresSettings.PASSWORD_KEY, "not-a-secret");
    StringWriter out = new StringWriter();

    int exit = Migrations.run(env, new PrintWriter(out, true), "migrate");

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString())
        .contains("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/deepalpha")
        .doesNotContain("not-a-secret");
  }

  @Test
  void missingTableIsNamedBySchemaCheck(StackEndpoints stack) {
    PostgresSettings db = TestDatabase.migrated(stack);

    assertThatThrownBy(() -> SchemaCheck.requireColumns(db, "no_such_table", List.of("a")))
        .isInstanceOf(PostgresUnavailableException.class)
        .hasMessageContaining("table no_such_table does not exist")
        .hasMessageContaining("Migrations migrate");
    assertThatThrownBy(
            () -> SchemaCheck.requireColumns(db, "signals", List.of("signal_id", "no_such_col")))
        .hasMessageContaining("lacks columns [no_such_col]");
  }

  private static long count(Statement st, String table, String instrument) throws SQLException {
    try (ResultSet rs =
        st.executeQuery(
            "SELECT count(*) FROM " + table + " WHERE instrument = '" + instrument + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> partitionsOf(PostgresSettings db, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = '"
                    + table
                    + "'::regclass")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /**
   * Each row as "key1|key2 -> col=value ..." with numbers in BigDecimal form without trailing 0.
   */
  private static TreeSet<String> rows(PostgresSettings db, String table, String keyColumns)
      throws SQLException {
    TreeSet<String> rows = new TreeSet<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
      int keys = keyColumns.split(",").length;
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          String name = rs.getMetaData().getColumnName(i);
          if (name.equals("updated_at")) {
            continue;
          }
          Object value = rs.getObject(i);
          row.append(i <= keys ? "" : name + "=")
              .append(normalize(value))
              .append(i < keys ? "|" : " ");
          if (i == keys) {
            row.append("-> ");
          }
        }
        rows.add(row.toString().strip());
      }
    }
    return rows;
  }

  private static TreeSet<String> expected(JsonNode list, List<String> keys, List<String> values) {
    TreeSet<String> rows = new TreeSet<>();
    for (JsonNode entry : list) {
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < keys.size(); i++) {
        row.append(entry.get(keys.get(i)).asText()).append(i < keys.size() - 1 ? "|" : " ");
      }
      row.append("-> ");
      for (String v : values) {
        JsonNode node = entry.get(v);
        Object value =
            node.isNumber()
                ? node.decimalValue()
                : node.isBoolean() ? node.asBoolean() : node.asText();
        row.append(v).append('=').append(normalize(value)).append(' ');
      }
      rows.add(row.toString().strip());
    }
    return rows;
  }

  private static String normalize(Object value) {
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }
}
