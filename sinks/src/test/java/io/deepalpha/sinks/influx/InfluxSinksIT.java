package io.deepalpha.sinks.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.sinks.SampleRows;
import io.deepalpha.sinks.row.SpreadStat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Points written by a Flink job into the real InfluxDB, read back with InfluxQL. */
@WithLocalStack
class InfluxSinksIT {
  private static final int ROWS = 400;
  private static final long SAMPLE_MS = 20_000;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(flinkConfig())
              .build());

  private static Configuration flinkConfig() {
    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    config.set(PipelineOptions.GENERIC_TYPES, false);
    return config;
  }

  /** A database of its own per test: the sink creates it and its retention policy. */
  static InfluxSettings freshDatabase(StackEndpoints stack, String name) {
    return new InfluxSettings(
        stack.influxUrl(),
        name,
        stack.influxUser(),
        stack.influxPassword(),
        "deepalpha",
        "90d",
        true);
  }

  @Test
  void everyMeasurementHoldsThePointsOfTheJobWithTheirValues(StackEndpoints stack)
      throws Exception {
    InfluxSettings influx = freshDatabase(stack, "it_values_" + System.nanoTime());
    SampleRows rows = new SampleRows("ix" + System.nanoTime());

    runJob(influx, rows);

    try (InfluxDB client = client(stack)) {
      assertThat(
              series(
                  client,
                  influx,
                  "SELECT net_bps, gross_bps, buy_price, qty, quote_age_us, signal_id, pair"
                      + " FROM opportunities"))
          .isEqualTo(expectedOpportunities(rows));
      assertThat(
              series(client, influx, "SELECT min_net_bps, max_net_bps, samples, pair FROM spreads"))
          .isEqualTo(expectedSpreads(rows));
      assertThat(series(client, influx, "SELECT bid, ask, venue FROM quotes"))
          .isEqualTo(expectedQuoteSamples(rows));
      assertThat(series(client, influx, "SELECT count(level_code) FROM risk_state"))
          .containsExactly("0.0 " + (double) ROWS);
      assertThat(series(client, influx, "SELECT count(signal_to_status_us) FROM order_latency"))
          .containsExactly("0.0 " + (double) ROWS);
      assertThat(series(client, influx, "SELECT count(*) FROM risk_metrics"))
          .containsExactly("0.0 " + ROWS / 2.0 + " " + ROWS / 2.0);
    }
  }

  @Test
  void fieldTypesAreFixedPerField(StackEndpoints stack) throws Exception {
    InfluxSettings influx = freshDatabase(stack, "it_types_" + System.nanoTime());
    runJob(influx, new SampleRows("types" + System.nanoTime()));

    try (InfluxDB client = client(stack)) {
      assertThat(series(client, influx, "SHOW FIELD KEYS FROM quotes"))
          .contains("ask float", "bid float", "ingest_latency_us integer");
      assertThat(series(client, influx, "SHOW FIELD KEYS FROM opportunities"))
          .contains("net_bps float", "quote_age_us integer", "signal_id string");
    }
  }

  @Test
  void theDatabaseAndItsRetentionPolicyAreCreatedWhenAbsent(StackEndpoints stack) throws Exception {
    InfluxSettings influx = freshDatabase(stack, "it_created_" + System.nanoTime());
    runJob(influx, new SampleRows("rp" + System.nanoTime()));

    try (InfluxDB client = client(stack)) {
      assertThat(series(client, influx, "SHOW RETENTION POLICIES"))
          .anySatisfy(row -> assertThat(row).startsWith("deepalpha 2160h0m0s"));
    }
  }

  @Test
  void replayingTheSameInputLeavesTheSameSeries(StackEndpoints stack) throws Exception {
    InfluxSettings influx = freshDatabase(stack, "it_replay_" + System.nanoTime());
    SampleRows rows = new SampleRows("replay" + System.nanoTime());
    List<String> queries =
        List.of(
            "SELECT * FROM opportunities",
            "SELECT * FROM spreads",
            "SELECT * FROM quotes",
            "SELECT * FROM risk_state",
            "SELECT * FROM risk_metrics",
            "SELECT * FROM order_latency");

    runJob(influx, rows);
    Map<String, TreeSet<String>> first = new LinkedHashMap<>();
    try (InfluxDB client = client(stack)) {
      for (String q : queries) {
        first.put(q, series(client, influx, q));
      }
    }
    runJob(influx, rows);

    try (InfluxDB client = client(stack)) {
      for (String q : queries) {
        assertThat(series(client, influx, q)).as(q).isEqualTo(first.get(q)).isNotEmpty();
      }
      assertThat(first.get("SELECT * FROM opportunities")).hasSize(ROWS);
    }
  }

  @Test
  void aRefusedPointFailsTheJobNamingTheLine(StackEndpoints stack) throws Exception {
    InfluxSettings influx = freshDatabase(stack, "it_refused_" + System.nanoTime());
    SampleRows rows = new SampleRows("refused" + System.nanoTime());
    try (InfluxHttpTarget target = InfluxHttpTarget.open(influx)) {
      // net_bps already an integer field: the sink's float net_bps is a type conflict (HTTP 400).
      target.write("opportunities,instrument=X net_bps=1i " + rows.baseUs + "\n");
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.fromData(all(rows::signal))
        .sinkTo(new InfluxSinks(influx, InfluxSinkOptions.defaults()).signals());

    assertThatThrownBy(() -> env.execute("refused"))
        .hasStackTraceContaining("HTTP 400")
        .hasStackTraceContaining("field type conflict")
        .hasStackTraceContaining(
            "offending line: opportunities,buy_venue=BINANCE,instrument=" + rows.instrument);
  }

  @Test
  void anUnreachableInfluxStopsTheJobAtStartNamingTheUrl() {
    InfluxSettings nowhere =
        new InfluxSettings("http://127.0.0.1:1", "deepalpha", "u", "p", "deepalpha", "90d", true);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromData(new SampleRows("nowhere").signal(1))
        .sinkTo(new InfluxSinks(nowhere, InfluxSinkOptions.defaults()).signals());

    assertThatThrownBy(() -> env.execute("unreachable"))
        .hasStackTraceContaining("cannot reach InfluxDB at http://127.0.0.1:1");
  }

  static void runJob(InfluxSettings influx, SampleRows rows) throws Exception {
    // Small batches: a replay crosses many batch boundaries.
    InfluxSinks sinks =
        new InfluxSinks(
            influx, InfluxSinkOptions.defaults().withBatchSize(37).withQuoteSampleMs(SAMPLE_MS));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.fromData(all(rows::signal)).sinkTo(sinks.signals()).name("opportunities");
    env.fromData(all(rows::spreadStat)).sinkTo(sinks.spreadStats()).name("spreads");
    // The sampler needs every quote of a venue and instrument on one subtask, in order.
    env.fromData(all(rows::quote))
        .keyBy(Quote::getInstrument)
        .sinkTo(sinks.quotes())
        .name("quotes");
    env.fromData(all(rows::riskState)).sinkTo(sinks.riskStates()).name("risk_state");
    env.fromData(all(rows::riskMetric)).sinkTo(sinks.riskMetrics()).name("risk_metrics");
    env.fromData(all(rows::order)).sinkTo(sinks.orderLatency()).name("order_latency");
    env.execute("influx sinks " + rows.instrument);
  }

  private static TreeSet<String> expectedOpportunities(SampleRows rows) {
    TreeSet<String> expected = new TreeSet<>();
    for (Signal s : all(rows::signal)) {
      expected.add(
          s.getEventTimeUs()
              + " "
              + s.getNetBps()
              + " "
              + s.getGrossBps()
              + " "
              + s.getBuyPrice() / 1e4
              + " "
              + s.getQty() / 1e8
              + " "
              + (double) (s.getEventTimeUs() - s.getBuyQuoteTimeUs())
              + " "
              + s.getSignalId()
              + " "
              + s.getBuyVenue()
              + ">"
              + s.getSellVenue());
    }
    return expected;
  }

  private static TreeSet<String> expectedSpreads(SampleRows rows) {
    TreeSet<String> expected = new TreeSet<>();
    for (SpreadStat s : all(rows::spreadStat)) {
      expected.add(
          s.getIntervalStartUs()
              + " "
              + s.getMinNetBps()
              + " "
              + s.getMaxNetBps()
              + " "
              + (double) s.getSamples()
              + " "
              + s.getBuyVenue()
              + ">"
              + s.getSellVenue());
    }
    return expected;
  }

  /** The last quote of each venue per sample interval, at the interval start. */
  private static TreeSet<String> expectedQuoteSamples(SampleRows rows) {
    Map<String, Quote> last = new LinkedHashMap<>();
    long sampleUs = SAMPLE_MS * 1000;
    for (Quote q : all(rows::quote)) {
      long bucket = Math.floorDiv(q.getExchangeTimeUs(), sampleUs) * sampleUs;
      last.put(q.getVenue() + " " + bucket, q);
    }
    TreeSet<String> expected = new TreeSet<>();
    last.forEach(
        (key, q) -> {
          long bucket = Long.parseLong(key.substring(key.indexOf(' ') + 1));
          expected.add(
              bucket
                  + " "
                  + q.getBidPrice() / 1e4
                  + " "
                  + q.getAskPrice() / 1e4
                  + " "
                  + q.getVenue());
        });
    return expected;
  }

  static InfluxDB client(StackEndpoints stack) {
    return InfluxDBFactory.connect(stack.influxUrl(), stack.influxUser(), stack.influxPassword());
  }

  /** Every row of every series of the query, as "value value ..." in column order. */
  static TreeSet<String> series(InfluxDB client, InfluxSettings influx, String influxQl) {
    QueryResult result =
        client.query(new Query(influxQl, influx.database()), TimeUnit.MICROSECONDS);
    TreeSet<String> rows = new TreeSet<>();
    for (QueryResult.Result r : result.getResults()) {
      assertThat(r.getError()).as(influxQl).isNull();
      if (r.getSeries() == null) {
        continue;
      }
      for (QueryResult.Series s : r.getSeries()) {
        for (List<Object> values : s.getValues()) {
          List<String> cells = new ArrayList<>();
          for (Object v : values) {
            cells.add(
                v instanceof Double d && d == Math.rint(d) && Math.abs(d) > 1e12
                    ? Long.toString(d.longValue())
                    : String.valueOf(v));
          }
          rows.add(String.join(" ", cells));
        }
      }
    }
    return rows;
  }

  static <T> List<T> all(LongFunction<T> row) {
    return LongStream.range(0, ROWS).mapToObj(row).toList();
  }
}
