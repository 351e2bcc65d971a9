package io.deepalpha.ingest.cdc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up checks of the PostgreSQL side, so a wrong setting stops {@code ingest cdc} with a
 * message naming it instead of a Debezium stack trace later: the database answers as the user,
 * {@code wal_level} is logical, the user may replicate, the publication exists and covers every
 * table.
 */
public final class SourceCheck {

  private SourceCheck() {}

  /** Throws IllegalArgumentException naming the option or server setting that is wrong. */
  public static void check(CdcSettings settings) {
    try (Connection c =
        DriverManager.getConnection(
            settings.postgresJdbcUrl(), settings.postgresUser(), settings.postgresPassword())) {
      String walLevel = single(c, "SHOW wal_level", List.of());
      if (!"logical".equals(walLevel)) {
        throw new IllegalArgumentException(
            "--postgres-jdbc-url: the server runs wal_level=" + walLevel + "; CDC needs logical");
      }
      String replication =
          single(
              c,
              "SELECT rolreplication::text FROM pg_roles WHERE rolname = ?",
              List.of(settings.postgresUser()));
      if (!"true".equals(replication)) {
        throw new IllegalArgumentException(
            "--postgres-user " + settings.postgresUser() + ": the role lacks REPLICATION");
      }
      List<String> missing = new ArrayList<>();
      for (String table : settings.tables()) {
        String found =
            single(
                c,
                "SELECT tablename FROM pg_publication_tables"
                    + " WHERE pubname = ? AND schemaname = 'public' AND tablename = ?",
                List.of(settings.publication(), table));
        if (found == null) {
          missing.add(table);
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(
            "--publication "
                + settings.publication()
                + ": missing or does not cover "
                + missing
                + " (created by the sinks migrations: run them first)");
      }
    } catch (SQLException e) {
      throw new IllegalArgumentException(
          "--postgres-jdbc-url "
              + settings.postgresJdbcUrl()
              + " as --postgres-user "
              + settings.postgresUser()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String single(Connection c, String sql, List<String> args) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        statement.setString(i + 1, args.get(i));
      }
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }
}
