package io.deepalpha.sinks.postgres;

import io.deepalpha.sinks.postgres.statement.UpsertStatement;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * A Flink Sink V2 writing one record type into one PostgreSQL table through the Flink JDBC
 * connector ({@link JdbcSink}, at-least-once) with an idempotent {@link UpsertStatement}: records
 * replayed after a restart from a checkpoint hit their natural key and change nothing, so the table
 * ends up as if every record had been written exactly once.
 *
 * <p>When a writer opens, it first checks that the database answers and that the table has every
 * column the statement binds; a missing database or table stops the job at start with a message
 * naming it.
 */
public final class PostgresSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  private final PostgresSettings settings;
  private final PostgresSinkOptions options;
  private final UpsertStatement<T> statement;

  public PostgresSink(
      PostgresSettings settings, PostgresSinkOptions options, UpsertStatement<T> statement) {
    this.settings = settings;
    this.options = options;
    this.statement = statement;
  }

  public UpsertStatement<T> statement() {
    return statement;
  }

  /** Fails with {@link PostgresUnavailableException} when the database or the table is missing. */
  public void verify() {
    SchemaCheck.requireColumns(settings, statement.table(), statement.columns());
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    verify();
    JdbcSink<T> jdbc =
        JdbcSink.<T>builder()
            .withExecutionOptions(
                JdbcExecutionOptions.builder()
                    .withBatchSize(options.batchSize())
                    .withBatchIntervalMs(options.batchIntervalMs())
                    .withMaxRetries(options.maxRetries())
                    .build())
            .withQueryStatement(statement)
            .buildAtLeastOnce(connectionOptions());
    BatchKeyGuard<T> guard =
        new BatchKeyGuard<>(statement::updateKeyOf, Math.max(options.batchSize(), 1) * 4);
    return new MeteredWriter<>(jdbc.createWriter(context), guard, context.metricGroup());
  }

  private JdbcConnectionOptions connectionOptions() {
    return new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
        .withUrl(settings.jdbcUrl())
        .withDriverName("org.postgresql.Driver")
        .withUsername(settings.user())
        .withPassword(settings.password())
        .withConnectionCheckTimeoutSeconds(5)
        // Multi-row INSERTs: an order of magnitude more rows/s than one INSERT per row.
        .withProperty("reWriteBatchedInserts", Boolean.toString(statement.batchRewritable()))
        .withProperty("connectTimeout", Integer.toString(PostgresSettings.LOGIN_TIMEOUT_SECONDS))
        // A database that stops answering fails the batch (and is retried) instead of hanging
        // the checkpoint forever.
        .withProperty("socketTimeout", "60")
        .withProperty("tcpKeepAlive", "true")
        .withProperty("ApplicationName", "deepalpha-sink-" + statement.table())
        .build();
  }

  @Override
  public String toString() {
    return "PostgresSink{" + statement.table() + " @ " + settings + "}";
  }
}
