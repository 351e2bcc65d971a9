package io.deepalpha.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.StackEndpoints;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;

/**
 * The live-config tables of the test PostgreSQL: the sinks module's migrations, and SQL helpers.
 */
final class LiveConfigTables {
  static final String XARB_BTC = "WHERE strategy = 'xarb' AND instrument = 'BTC-USDT'";
  static final String BTC_OKX = "WHERE instrument = 'BTC-USDT' AND venue = 'OKX'";
  static final String BTC_POSITION =
      "WHERE scope = 'INSTRUMENT' AND scope_key = 'BTC-USDT' AND metric = 'position'";

  private LiveConfigTables() {}

  /**
   * Applies ../sinks/src/main/resources/db/migration (idempotent: Flyway skips what is applied).
   */
  static void migrate(StackEndpoints stack) {
    Path migrations = Path.of("..", "sinks", "src", "main", "resources", "db", "migration");
    assertThat(migrations.resolve("V1__live_config.sql")).as("sinks migrations").exists();
    Flyway.configure()
        .dataSource(stack.postgresJdbcUrl(), stack.postgresUser(), stack.postgresPassword())
        .locations("filesystem:" + migrations.toAbsolutePath().normalize())
        .load()
        .migrate();
  }

  /** A 4-decimal value in 7.0001..7.9999, rarely the same twice. */
  static String uniqueDecimal() {
    return String.format("7.%04d", ThreadLocalRandom.current().nextInt(1, 10_000));
  }

  /** How PostgreSQL prints the value in a numeric(38,18) column. */
  static String scale18(String value) {
    return new java.math.BigDecimal(value).setScale(18).toPlainString();
  }

  static Connection connect(StackEndpoints stack) throws SQLException {
    return DriverManager.getConnection(
        stack.postgresJdbcUrl(), stack.postgresUser(), stack.postgresPassword());
  }

  static void execute(StackEndpoints stack, String sql) throws SQLException {
    try (Connection c = connect(stack);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static String query(StackEndpoints stack, String sql) throws SQLException {
    try (Connection c = connect(stack);
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      assertThat(rows.next()).as(sql).isTrue();
      return rows.getString(1);
    }
  }

  /** The slot holds WAL until dropped; it is released shortly after the engine closes. */
  static void dropSlot(StackEndpoints stack, String slot) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        execute(
            stack,
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                + " WHERE slot_name = '"
                + slot
                + "'");
        return;
      } catch (SQLException stillActive) {
        if (System.nanoTime() - deadline > 0) {
          throw stillActive;
        }
        Thread.sleep(200);
      }
    }
  }
}
