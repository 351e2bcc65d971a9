package io.deepalpha.sinks.influx;

import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * Writes line protocol to InfluxDB through influxdb-java ({@code POST /write?db=&rp=&precision=u}),
 * remembering the HTTP status of each answer so that 4xx and 5xx can be told apart.
 */
public final class InfluxHttpTarget implements WriteTarget {
  private final InfluxSettings settings;
  private final InfluxDB client;
  private volatile int lastStatus;

  private InfluxHttpTarget(InfluxSettings settings) {
    this.settings = settings;
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(30, TimeUnit.SECONDS)
            .writeTimeout(30, TimeUnit.SECONDS)
            .addInterceptor(
                chain -> {
                  okhttp3.Response response = chain.proceed(chain.request());
                  lastStatus = response.code();
                  return response;
                });
    this.client =
        settings.user().isEmpty()
            ? InfluxDBFactory.connect(settings.url(), http)
            : InfluxDBFactory.connect(settings.url(), settings.user(), settings.password(), http);
  }

  /**
   * Connects, checks that InfluxDB answers, and creates the database and retention policy when
   * absent (or requires them, when creation is off). Fails with a message naming what is wrong.
   */
  public static InfluxHttpTarget open(InfluxSettings settings) {
    InfluxHttpTarget target = new InfluxHttpTarget(settings);
    try {
      target.prepare();
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  private void prepare() {
    try {
      client.ping();
    } catch (InfluxDBException e) {
      throw new InfluxWriteException(
          0, "cannot reach InfluxDB at " + settings.url() + ": " + e.getMessage(), e);
    }
    String db = settings.database();
    String rp = settings.retentionPolicy();
    if (settings.createIfAbsent()) {
      query("CREATE DATABASE \"" + db + "\"");
      if (!retentionPolicies().contains(rp)) {
        query(
            "CREATE RETENTION POLICY \""
                + rp
                + "\" ON \""
                + db
                + "\" DURATION "
                + settings.retentionDuration()
                + " REPLICATION 1 DEFAULT");
      }
    } else if (!retentionPolicies().contains(rp)) {
      throw new InfluxWriteException(
          404,
          "InfluxDB at "
              + settings.url()
              + " has no retention policy "
              + rp
              + " on database "
              + db
              + " (and "
              + InfluxSettings.CREATE_KEY
              + "=false)",
          null);
    }
  }

  /** Retention policy names of the database; empty when the database does not exist. */
  List<String> retentionPolicies() {
    QueryResult result = query("SHOW RETENTION POLICIES ON \"" + settings.database() + "\"");
    QueryResult.Result first = result.getResults().get(0);
    if (first.getError() != null || first.getSeries() == null) {
      return List.of();
    }
    return first.getSeries().get(0).getValues().stream().map(row -> (String) row.get(0)).toList();
  }

  /** Runs InfluxQL; a failed request or a statement error other than "not found" throws. */
  public QueryResult query(String influxQl) {
    QueryResult result;
    try {
      result = client.query(new Query(influxQl));
    } catch (InfluxDBIOException e) {
      throw new InfluxWriteException(
          0, "InfluxDB at " + settings.url() + " did not answer: " + e.getMessage(), e);
    } catch (InfluxDBException e) {
      throw new InfluxWriteException(
          lastStatus, "InfluxDB refused '" + influxQl + "': " + e.getMessage(), e);
    }
    if (result.getError() != null) {
      throw new InfluxWriteException(
          lastStatus, "InfluxDB refused '" + influxQl + "': " + result.getError(), null);
    }
    String error = result.getResults().get(0).getError();
    if (error != null && !error.contains("not found")) {
      throw new InfluxWriteException(
          lastStatus, "InfluxDB refused '" + influxQl + "': " + error, null);
    }
    return result;
  }

  @Override
  public void write(String lines) {
    try {
      client.write(
          settings.database(),
          settings.retentionPolicy(),
          InfluxDB.ConsistencyLevel.ONE,
          TimeUnit.MICROSECONDS,
          lines);
    } catch (InfluxDBIOException e) {
      throw new InfluxWriteException(
          0, "no answer from " + settings.url() + ": " + e.getMessage(), e);
    } catch (InfluxDBException e) {
      throw new InfluxWriteException(lastStatus, e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
