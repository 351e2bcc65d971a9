package io.deepalpha.sinks.postgres;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.sinks.postgres.migration.Migrations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** The stack's PostgreSQL as the sinks see it, migrated. */
public final class TestDatabase {
  private TestDatabase() {}

  public static Map<String, String> env(StackEndpoints stack) {
    return Map.of(
        PostgresSettings.URL_KEY, stack.postgresJdbcUrl(),
        PostgresSettings.USER_KEY, stack.postgresUser(),
        PostgresSettings.PASSWORD_FILE_KEY, stack.postgresPasswordFile().toString());
  }

  public static PostgresSettings settings(StackEndpoints stack) {
    return PostgresSettings.fromEnv(env(stack));
  }

  /** Applies the migrations (idempotent) and returns the settings. */
  public static PostgresSettings migrated(StackEndpoints stack) {
    StringWriter out = new StringWriter();
    int exit = Migrations.run(env(stack), new PrintWriter(out, true), "migrate");
    if (exit != 0) {
      throw new IllegalStateException("migrate failed (" + exit + "): " + out);
    }
    return settings(stack);
  }
}
