package io.deepalpha.sinks.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Verifies that the tables a sink writes exist and have the columns it binds, so a job fails at
 * start with "table signals does not exist in jdbc:...; run Migrations migrate" rather than at its
 * first flush with a bare SQL error.
 */
public final class SchemaCheck {
  private SchemaCheck() {}

  /** Throws {@link PostgresUnavailableException} naming what is missing. */
  public static void requireColumns(
      PostgresSettings settings, String table, Collection<String> columns) {
    try (Connection c = settings.connect()) {
      List<String> present = columnsOf(c, table);
      if (present.isEmpty()) {
        throw new PostgresUnavailableException(
            "table "
                + table
                + " does not exist in "
                + settings.jdbcUrl()
                + " (user "
                + settings.user()
                + "): run `Migrations migrate` first");
      }
      List<String> missing = new ArrayList<>(columns);
      missing.removeAll(present);
      if (!missing.isEmpty()) {
        throw new PostgresUnavailableException(
            "table "
                + table
                + " in "
                + settings.jdbcUrl()
                + " lacks columns "
                + missing
                + ": the schema is older than this sink; run `Migrations migrate`");
      }
    } catch (SQLException e) {
      throw new PostgresUnavailableException(
          "cannot inspect table " + table + " in " + settings.jdbcUrl() + ": " + e.getMessage(), e);
    }
  }

  private static List<String> columnsOf(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0"
                + " AND NOT attisdropped")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }
}
