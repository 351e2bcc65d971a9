package io.deepalpha.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Signal;
import io.deepalpha.sinks.SampleRows;
import io.deepalpha.sinks.row.LateEvent;
import io.deepalpha.sinks.row.SpreadStat;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rows written by a Flink job through the JDBC sinks into the real PostgreSQL, read back. */
@WithLocalStack
class PostgresSinksIT {
  private static final int ROWS = 300;

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

  @Test
  void everyTableReceivesExactlyTheRowsOfTheJobWithExactValues(StackEndpoints stack)
      throws Exception {
    PostgresSettings db = TestDatabase.migrated(stack);
    SampleRows rows = new SampleRows("pg" + System.nanoTime());

    runJob(db, rows, PostgresSinkOptions.defaults());

    TableReader read = new TableReader(db);
    assertThat(read.signals(rows.instrument))
        .containsExactlyInAnyOrderElementsOf(all(rows::signal));
    assertThat(read.orders(rows.instrument)).containsExactlyInAnyOrderElementsOf(all(rows::order));
    assertThat(read.fills(rows.instrument)).containsExactlyInAnyOrderElementsOf(all(rows::fill));
    assertThat(read.riskEvents(rows.instrument))
        .containsExactlyInAnyOrderElementsOf(all(rows::riskState));
    assertThat(read.spreadStats(rows.instrument))
        .containsExactlyInAnyOrderElementsOf(all(rows::spreadStat));
    assertThat(read.lateEvents(rows.instrument))
        .containsExactlyInAnyOrderElementsOf(all(rows::lateEvent));
  }

  @Test
  void fixedPointValuesAreStoredAsExactNumerics(StackEndpoints stack) throws Exception {
    PostgresSettings db = TestDatabase.migrated(stack);
    SampleRows rows = new SampleRows("exact" + System.nanoTime());

    runJob(db, rows, PostgresSinkOptions.defaults());

    try (Connection c = db.connect();
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT fee::text, price::text FROM fills WHERE fill_id = '"
                    + rows.instrument
                    + "-f-1'")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("9.223372036854775001");
      assertThat(rs.getString(2)).isEqualTo("43251.1201");
    }
  }

  @Test
  void timePartitionedRowsLandInTheirMonthsPartition(StackEndpoints stack) throws Exception {
    PostgresSettings db = TestDatabase.migrated(stack);
    SampleRows rows = new SampleRows("part" + System.nanoTime());

    runJob(db, rows, PostgresSinkOptions.defaults());

    LocalDate month = LocalDate.now(ZoneOffset.UTC);
    String suffix = String.format("_%04d_%02d", month.getYear(), month.getMonthValue());
    TableReader read = new TableReader(db);
    assertThat(read.partitionsHolding("spread_stats", "instrument", rows.instrument))
        .containsExactly("spread_stats" + suffix);
    assertThat(read.partitionsHolding("risk_events", "scope_key", rows.instrument))
        .containsExactly("risk_events" + suffix);
    assertThat(read.partitionsHolding("late_events", "key", rows.instrument))
        .containsExactly("late_events" + suffix);
  }

  @Test
  void replayingTheSameInputLeavesTheRowsOfOneCleanRun(StackEndpoints stack) throws Exception {
    PostgresSettings db = TestDatabase.migrated(stack);
    SampleRows rows = new SampleRows("replay" + System.nanoTime());
    TableReader read = new TableReader(db);
    // Small batches: the replay crosses many batch boundaries, as a restore from a checkpoint does.
    PostgresSinkOptions smallBatches = new PostgresSinkOptions(17, 50, 3);

    runJob(db, rows, smallBatches);
    List<Signal> signals = read.signals(rows.instrument);
    List<Order> orders = read.orders(rows.instrument);
    List<Fill> fills = read.fills(rows.instrument);
    List<RiskState> risk = read.riskEvents(rows.instrument);
    List<SpreadStat> spreads = read.spreadStats(rows.instrument);
    List<LateEvent> late = read.lateEvents(rows.instrument);
    runJob(db, rows, smallBatches);

    assertThat(read.count("signals", "instrument", rows.instrument)).isEqualTo(ROWS);
    assertThat(read.count("spread_stats", "instrument", rows.instrument)).isEqualTo(ROWS);
    assertThat(read.signals(rows.instrument)).containsExactlyInAnyOrderElementsOf(signals);
    assertThat(read.orders(rows.instrument)).containsExactlyInAnyOrderElementsOf(orders);
    assertThat(read.fills(rows.instrument)).containsExactlyInAnyOrderElementsOf(fills);
    assertThat(read.riskEvents(rows.instrument)).containsExactlyInAnyOrderElementsOf(risk);
    assertThat(read.spreadStats(rows.instrument)).containsExactlyInAnyOrderElementsOf(spreads);
    assertThat(read.lateEvents(rows.instrument)).containsExactlyInAnyOrderElementsOf(late);
    assertThat(signals).hasSize(ROWS);
    assertThat(late).hasSize(ROWS);
  }

  @Test
  void laterVersionsOfASpreadIntervalReplaceEarlierOnesEvenWithinOneBatch(StackEndpoints stack)
      throws Exception {
    PostgresSettings db = TestDatabase.migrated(stack);
    SampleRows rows = new SampleRows("late" + System.nanoTime());
    // Three versions of 100 intervals, interleaved, all fitting in one batch: rewritten into
    // multi-row INSERTs they would hit "ON CONFLICT DO UPDATE command cannot affect row a second
    // time" unless the sink flushes before a key repeats.
    List<SpreadStat> versions = new ArrayList<>();
    List<SpreadStat> last = new ArrayList<>();
    for (int v = 0; v < 3; v++) {
      for (int i = 0; i < 100; i++) {
        SpreadStat s = rows.spreadStat(i);
        s.setSamples(1_000 * v + i);
        s.setMaxNetBps(v + 0.5);
        versions.add(s);
        if (v == 2) {
          last.add(s);
        }
      }
    }

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.fromData(versions)
        .sinkTo(new PostgresSinks(db, PostgresSinkOptions.defaults()).spreadStats());
    env.execute("spread refinement");

    assertThat(new TableReader(db).spreadStats(rows.instrument))
        .containsExactlyInAnyOrderElementsOf(last);
  }

  @Test
  void aLateEventWithoutPayloadIsStoredWithJsonNull(StackEndpoints stack) throws Exception {
    PostgresSettings db = TestDatabase.migrated(stack);
    SampleRows rows = new SampleRows("nopayload" + System.nanoTime());
    LateEvent bare = rows.lateEvent(2);
    bare.setPayloadJson(null);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.fromData(bare).sinkTo(new PostgresSinks(db, PostgresSinkOptions.defaults()).lateEvents());
    env.execute("late event without payload");

    LateEvent stored = new TableReader(db).lateEvents(rows.instrument).get(0);
    assertThat(stored.getPayloadJson()).isEqualTo("null");
    assertThat(stored.getEventTimeUs()).isEqualTo(bare.getEventTimeUs());
  }

  @Test
  void aMissingTableStopsTheJobAtStartNamingTheTable(StackEndpoints stack) throws Exception {
    PostgresSettings migrated = TestDatabase.migrated(stack);
    try (Connection c = migrated.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS it_empty");
    }
    // Same database, a search_path where no table exists.
    PostgresSettings empty =
        new PostgresSettings(
            migrated.jdbcUrl() + "?currentSchema=it_empty", migrated.user(), migrated.password());
    SampleRows rows = new SampleRows("missing" + System.nanoTime());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromData(rows.signal(1))
        .sinkTo(new PostgresSinks(empty, PostgresSinkOptions.defaults()).signals());

    assertThatThrownBy(() -> env.execute("missing table"))
        .rootCause()
        .isInstanceOf(PostgresUnavailableException.class)
        .hasMessageContaining("table signals does not exist in " + empty.jdbcUrl());
  }

  @Test
  void anUnreachableDatabaseStopsTheJobAtStartNamingTheUrl() {
    PostgresSettings nowhere =
        new PostgresSettings("jdbc:postgresql://127.0.0.1:1/deepalpha", "deepalpha", "x");
    SampleRows rows = new SampleRows("nowhere" + System.nanoTime());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromData(rows.signal(1))
        .sinkTo(new PostgresSinks(nowhere, PostgresSinkOptions.defaults()).signals());

    assertThatThrownBy(() -> env.execute("unreachable"))
        .hasStackTraceContaining(
            "cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/deepalpha");
  }

  private static void runJob(PostgresSettings db, SampleRows rows, PostgresSinkOptions options)
      throws Exception {
    PostgresSinks sinks = new PostgresSinks(db, options);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.fromData(all(rows::signal)).sinkTo(sinks.signals()).name("signals");
    env.fromData(all(rows::order)).sinkTo(sinks.orders()).name("orders");
    env.fromData(all(rows::fill)).sinkTo(sinks.fills()).name("fills");
    env.fromData(all(rows::riskState)).sinkTo(sinks.riskEvents()).name("risk_events");
    env.fromData(all(rows::spreadStat)).sinkTo(sinks.spreadStats()).name("spread_stats");
    env.fromData(all(rows::lateEvent)).sinkTo(sinks.lateEvents()).name("late_events");
    env.execute("postgres sinks " + rows.instrument);
  }

  private static <T> List<T> all(LongFunction<T> row) {
    return LongStream.range(0, ROWS).mapToObj(row).toList();
  }
}
