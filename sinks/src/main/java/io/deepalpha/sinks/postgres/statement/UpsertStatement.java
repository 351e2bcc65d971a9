package io.deepalpha.sinks.postgres.statement;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.connector.jdbc.datasource.statements.JdbcQueryStatement;

/**
 * {@code INSERT INTO table (columns) VALUES (?, ...) ON CONFLICT (natural key) DO ...} for one
 * record type: the statement the Flink JDBC sink batches.
 *
 * <p>Facts with an identity (a signal, an order revision, a fill, a risk transition, a late event)
 * use {@code DO NOTHING}: the key determines the content, so the first write is the right one and a
 * replay changes nothing. Aggregates that a later firing may refine (spread statistics) use {@code
 * DO UPDATE}: the last write of a key wins, and a replay writes the same last value.
 */
public abstract class UpsertStatement<T> implements JdbcQueryStatement<T> {
  private static final long serialVersionUID = 1L;

  /** What a second write of the same natural key does. */
  public enum OnConflict {
    DO_NOTHING,
    DO_UPDATE
  }

  private final String table;
  private final List<String> columns;
  private final List<String> key;
  private final OnConflict onConflict;
  private final Map<String, String> casts;

  protected UpsertStatement(
      String table,
      List<String> columns,
      List<String> key,
      OnConflict onConflict,
      Map<String, String> casts) {
    if (!columns.containsAll(key)) {
      throw new IllegalArgumentException(table + ": key " + key + " not among " + columns);
    }
    this.table = table;
    this.columns = List.copyOf(columns);
    this.key = List.copyOf(key);
    this.onConflict = onConflict;
    this.casts = Map.copyOf(casts);
  }

  public String table() {
    return table;
  }

  /** Bound in this order by {@link #statement}. */
  public List<String> columns() {
    return columns;
  }

  public List<String> key() {
    return key;
  }

  public OnConflict onConflict() {
    return onConflict;
  }

  /**
   * Whether pgjdbc may rewrite a batch into multi-row INSERTs ({@code reWriteBatchedInserts}), the
   * big throughput win. Always: for DO UPDATE, where PostgreSQL refuses one INSERT that updates the
   * same row twice, the sink flushes before a key repeats within a batch ({@link #updateKeyOf}).
   */
  public boolean batchRewritable() {
    return true;
  }

  /**
   * The natural key of a row whose repetition within one batch must be avoided: for DO UPDATE
   * statements, an object equal for rows of the same key; null (the default) for DO NOTHING, where
   * a repeated key in one INSERT is harmless.
   */
  public Object updateKeyOf(T row) {
    return null;
  }

  @Override
  public String query() {
    String placeholders =
        columns.stream()
            .map(c -> casts.containsKey(c) ? "CAST(? AS " + casts.get(c) + ")" : "?")
            .collect(Collectors.joining(", "));
    String action =
        onConflict == OnConflict.DO_NOTHING
            ? "DO NOTHING"
            : "DO UPDATE SET "
                + columns.stream()
                    .filter(c -> !key.contains(c))
                    .map(c -> c + " = EXCLUDED." + c)
                    .collect(Collectors.joining(", "));
    return "INSERT INTO "
        + table
        + " ("
        + String.join(", ", columns)
        + ") VALUES ("
        + placeholders
        + ") ON CONFLICT ("
        + String.join(", ", key)
        + ") "
        + action;
  }

  @Override
  public abstract void statement(PreparedStatement ps, T row) throws SQLException;

  /** The exact decimal mantissa / 10^scale; never through a double. */
  protected static BigDecimal decimal(long mantissa, int scale) {
    return BigDecimal.valueOf(mantissa, scale);
  }

  /** Epoch microseconds as a timestamptz value (PostgreSQL keeps microseconds). */
  protected static OffsetDateTime micros(long epochMicros) {
    return OffsetDateTime.ofInstant(
        Instant.ofEpochSecond(
            Math.floorDiv(epochMicros, 1_000_000L),
            Math.floorMod(epochMicros, 1_000_000L) * 1_000L),
        ZoneOffset.UTC);
  }

  /** Epoch nanoseconds as a timestamptz value, truncated to microseconds. */
  protected static OffsetDateTime nanos(long epochNanos) {
    return micros(Math.floorDiv(epochNanos, 1_000L));
  }

  @Override
  public String toString() {
    return query();
  }
}
