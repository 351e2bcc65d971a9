package io.deepalpha.jobs.it;

import io.deepalpha.infra.stack.StackEndpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/** Reads back what the jobs stored: PostgreSQL rows and InfluxDB series of the local stack. */
final class StoreReader implements AutoCloseable {
  private final StackEndpoints stack;
  private final InfluxDB influx;

  StoreReader(StackEndpoints stack) {
    this.stack = stack;
    this.influx =
        InfluxDBFactory.connect(stack.influxUrl(), stack.influxUser(), stack.influxPassword());
  }

  /** Rows of a query, each as column → value (JDBC objects). */
  List<Map<String, Object>> rows(String sql) {
    try (Connection c =
            DriverManager.getConnection(
                stack.postgresJdbcUrl(), stack.postgresUser(), stack.postgresPassword());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** InfluxQL rows of the first series of the first statement (empty when there is none). */
  List<List<Object>> influx(String influxQl) {
    QueryResult result = influx.query(new Query(influxQl, stack.influxDatabase()));
    QueryResult.Result first = result.getResults().get(0);
    if (first.getError() != null) {
      throw new IllegalStateException(influxQl + ": " + first.getError());
    }
    List<List<Object>> rows = new ArrayList<>();
    if (first.getSeries() != null) {
      first.getSeries().forEach(s -> rows.addAll(s.getValues()));
    }
    return rows;
  }

  /** Polls {@code read} until {@code done} holds (returns the last value) or the timeout passes. */
  static <T> T await(Supplier<T> read, Predicate<T> done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value = read.get();
    while (!done.test(value) && deadline - System.nanoTime() > 0) {
      Thread.sleep(250);
      value = read.get();
    }
    return value;
  }

  @Override
  public void close() {
    influx.close();
  }
}
