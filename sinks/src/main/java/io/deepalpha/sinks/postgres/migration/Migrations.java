package io.deepalpha.sinks.postgres.migration;

import io.deepalpha.sinks.postgres.PostgresSettings;
import io.deepalpha.sinks.postgres.PostgresUnavailableException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The PostgreSQL schema of DeepAlpha: applies the Flyway migrations of {@code db/migration}, shows
 * their state, and creates upcoming monthly partitions.
 *
 * <pre>
 * java -cp deepalpha-sinks.jar:... io.deepalpha.sinks.postgres.migration.Migrations migrate
 * ... Migrations info
 * ... Migrations create-partitions --months 3     # daily, from cron or a Kubernetes CronJob
 * </pre>
 *
 * Connection from POSTGRES_JDBC_URL, POSTGRES_USER, POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE, or
 * the options. Exit codes: 0 done, 1 usage, 2 database unreachable or schema missing.
 */
@Command(
    name = "migrations",
    mixinStandardHelpOptions = true,
    description = "DeepAlpha PostgreSQL schema: Flyway migrations and monthly partitions.",
    subcommands = {
      Migrations.Migrate.class,
      Migrations.Info.class,
      Migrations.CreatePartitions.class
    })
public final class Migrations {
  static final int EXIT_USAGE = 1;
  static final int EXIT_UNAVAILABLE = 2;

  @Option(names = "--jdbc-url", description = "JDBC URL (default: $POSTGRES_JDBC_URL).")
  String jdbcUrl;

  @Option(names = "--user", description = "Database user (default: $POSTGRES_USER).")
  String user;

  @Option(
      names = "--password-file",
      description =
          "File holding the password (default: $POSTGRES_PASSWORD, $POSTGRES_PASSWORD_FILE).")
  String passwordFile;

  Map<String, String> env = System.getenv();
  PrintWriter out = new PrintWriter(System.out, true);

  public static void main(String[] args) {
    System.exit(run(System.getenv(), new PrintWriter(System.out, true), args));
  }

  /** Runs the CLI against the given environment; returns the exit code. */
  public static int run(Map<String, String> env, PrintWriter out, String... args) {
    Migrations root = new Migrations();
    root.env = env;
    root.out = out;
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(out);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          if (e instanceof PostgresUnavailableException || e instanceof FlywayException) {
            out.println("error: " + e.getMessage());
            return EXIT_UNAVAILABLE;
          }
          if (e instanceof IllegalArgumentException) {
            // Bad or missing settings: the message names the key.
            out.println("error: " + e.getMessage());
            return EXIT_USAGE;
          }
          throw e;
        });
    return cli.execute(args);
  }

  PostgresSettings settings() {
    Map<String, String> merged = new HashMap<>(env);
    if (jdbcUrl != null) {
      merged.put(PostgresSettings.URL_KEY, jdbcUrl);
    }
    if (user != null) {
      merged.put(PostgresSettings.USER_KEY, user);
    }
    if (passwordFile != null) {
      merged.remove(PostgresSettings.PASSWORD_KEY);
      merged.put(PostgresSettings.PASSWORD_FILE_KEY, passwordFile);
    }
    return PostgresSettings.fromEnv(merged);
  }

  /** Flyway on a reachable database: connects first so "unreachable" is said plainly. */
  static Flyway flyway(PostgresSettings settings) {
    try (Connection c = settings.connect()) {
      if (!c.isValid(PostgresSettings.LOGIN_TIMEOUT_SECONDS)) {
        throw new PostgresUnavailableException(
            "PostgreSQL at " + settings.jdbcUrl() + " does not answer");
      }
    } catch (java.sql.SQLException e) {
      throw new PostgresUnavailableException(e.getMessage(), e);
    }
    return Flyway.configure()
        .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
        .locations("classpath:db/migration")
        .cleanDisabled(true)
        .load();
  }

  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description = "Apply pending migrations.")
  static final class Migrate implements Callable<Integer> {
    @ParentCommand Migrations root;

    @Override
    public Integer call() {
      PostgresSettings settings = root.settings();
      MigrateResult result = flyway(settings).migrate();
      root.out.printf(
          "%s: %d migration(s) applied, schema at version %s%n",
          settings.jdbcUrl(),
          result.migrationsExecuted,
          result.targetSchemaVersion == null
              ? result.initialSchemaVersion
              : result.targetSchemaVersion);
      return 0;
    }
  }

  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      description = "Show applied and pending migrations.")
  static final class Info implements Callable<Integer> {
    @ParentCommand Migrations root;

    @Override
    public Integer call() {
      for (MigrationInfo m : flyway(root.settings()).info().all()) {
        root.out.printf(
            "%-4s %-30s %-10s %s%n",
            m.getVersion(), m.getDescription(), m.getState().getDisplayName(), m.getInstalledOn());
      }
      return 0;
    }
  }

  @Command(
      name = "create-partitions",
      mixinStandardHelpOptions = true,
      description =
          "Create the monthly partitions of risk_events, spread_stats and late_events for the"
              + " current UTC month and the next N months (existing ones are kept).")
  static final class CreatePartitions implements Callable<Integer> {
    @ParentCommand Migrations root;

    @Option(
        names = "--months",
        defaultValue = "3",
        description = "Months ahead (default: ${DEFAULT-VALUE}).")
    int months;

    @Override
    public Integer call() {
      PostgresSettings settings = root.settings();
      int created = PartitionMaintenance.ensurePartitions(settings, months);
      root.out.printf(
          "%s: %d partition(s) created, %d month(s) ahead covered%n",
          settings.jdbcUrl(), created, months);
      return 0;
    }
  }
}
