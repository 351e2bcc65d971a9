package io.deepalpha.jobs.cli;

import io.deepalpha.jobs.store.ResultStores;
import io.deepalpha.sinks.influx.InfluxWriteException;
import io.deepalpha.sinks.postgres.PostgresUnavailableException;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --postgres} / {@code --influx}: store the live jobs' results, connection from env. */
public final class StoreOptions {
  @Option(
      names = "--postgres",
      description =
          "Store results in PostgreSQL (Flink JDBC connector, idempotent upserts). Connection from"
              + " POSTGRES_JDBC_URL, POSTGRES_USER, POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE;"
              + " batching from POSTGRES_SINK_* (sinks/README.md). The tables must exist"
              + " (`Migrations migrate`): checked at start.")
  boolean postgres;

  @Option(
      names = "--influx",
      description =
          "Store results in InfluxDB (v1 API). Connection from INFLUX_URL, INFLUX_DATABASE,"
              + " INFLUX_USER, INFLUX_PASSWORD or INFLUX_PASSWORD_FILE; INFLUX_RETENTION_POLICY,"
              + " INFLUX_CREATE_DATABASE, INFLUX_QUOTE_SAMPLE_MS, INFLUX_SINK_* (sinks/README.md)."
              + " Checked (and the database created if allowed) at start.")
  boolean influx;

  /**
   * The stores switched on, checked: throws {@link StartupException} naming the missing setting,
   * the unreachable URL or the missing table.
   */
  /**
   * {@link #verifiedStores}, or {@code null} after printing "{@code <command> cannot start: ...}"
   * to the command's error stream: the caller exits with {@link StartupException#EXIT_CODE}.
   */
  ResultStores verifiedOrReport(
      Map<String, String> env, picocli.CommandLine.Model.CommandSpec spec, String command) {
    try {
      return verifiedStores(env);
    } catch (StartupException e) {
      spec.commandLine().getErr().println(command + " cannot start: " + e.getMessage());
      return null;
    }
  }

  ResultStores verifiedStores(Map<String, String> env) {
    try {
      ResultStores stores = ResultStores.fromEnv(env, postgres, influx);
      stores.verify();
      return stores;
    } catch (IllegalArgumentException | PostgresUnavailableException | InfluxWriteException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }
}
