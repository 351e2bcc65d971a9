package io.deepalpha.sinks.postgres.migration;

import io.deepalpha.sinks.postgres.PostgresSettings;
import io.deepalpha.sinks.postgres.PostgresUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Calls the {@code deepalpha_ensure_partitions} function that migration V3 installs. */
public final class PartitionMaintenance {
  /** SQLSTATE undefined_function: the migrations have not run. */
  private static final String UNDEFINED_FUNCTION = "42883";

  private PartitionMaintenance() {}

  /** Creates missing partitions for this month and {@code monthsAhead} more; returns how many. */
  public static int ensurePartitions(PostgresSettings settings, int monthsAhead) {
    if (monthsAhead < 0) {
      throw new IllegalArgumentException("--months must be >= 0, got " + monthsAhead);
    }
    try (Connection c = settings.connect();
        PreparedStatement ps = c.prepareStatement("SELECT deepalpha_ensure_partitions(?)")) {
      ps.setInt(1, monthsAhead);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      if (UNDEFINED_FUNCTION.equals(e.getSQLState())) {
        throw new PostgresUnavailableException(
            "the schema in "
                + settings.jdbcUrl()
                + " has no partition function: run `Migrations migrate` first",
            e);
      }
      throw new PostgresUnavailableException(
          "creating partitions in " + settings.jdbcUrl() + " failed: " + e.getMessage(), e);
    }
  }
}
