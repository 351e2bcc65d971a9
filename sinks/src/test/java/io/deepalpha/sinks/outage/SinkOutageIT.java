package io.deepalpha.sinks.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.LocalStack;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Signal;
import io.deepalpha.sinks.SampleRows;
import io.deepalpha.sinks.influx.InfluxSettings;
import io.deepalpha.sinks.influx.InfluxSinkOptions;
import io.deepalpha.sinks.influx.InfluxSinks;
import io.deepalpha.sinks.postgres.PostgresSettings;
import io.deepalpha.sinks.postgres.PostgresSinkOptions;
import io.deepalpha.sinks.postgres.PostgresSinks;
import io.deepalpha.sinks.postgres.TableReader;
import io.deepalpha.sinks.postgres.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database goes away for 20 s while a checkpointed job writes into it. The job either rides it
 * out (InfluxDB sink: retries with backoff) or fails and restarts from its last checkpoint (JDBC
 * sink), replaying what came after it; afterwards every input row is stored exactly once.
 */
@WithLocalStack
class SinkOutageIT {
  private static final int ROWS = 2_000;
  private static final double ROWS_PER_SECOND = 100;
  private static final Duration OUTAGE = Duration.ofSeconds(20);

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
    // This test wants restarts: a sink that gives up fails the job, which comes back from its
    // last checkpoint once the database answers again.
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1000);
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
    config.set(PipelineOptions.GENERIC_TYPES, false);
    return config;
  }

  @Test
  void postgresOutageLosesNoRowAndDuplicatesNone(StackEndpoints endpoints, LocalStack stack)
      throws Exception {
    PostgresSettings db = TestDatabase.migrated(endpoints);
    SampleRows rows = new SampleRows("pgout" + System.nanoTime());
    TableReader read = new TableReader(db);
    StreamExecutionEnvironment env = checkpointedEnv();
    signals(env, rows)
        .sinkTo(new PostgresSinks(db, new PostgresSinkOptions(50, 100, 1)).signals())
        .name("signals");

    JobClient job = env.executeAsync("postgres outage");
    waitFor(() -> countOrZero(read, rows) > 300, Duration.ofSeconds(60));
    stack.stop(LocalStack.Service.POSTGRESQL);
    Thread.sleep(OUTAGE.toMillis());
    stack.up(line -> {});
    job.getJobExecutionResult().get(3, TimeUnit.MINUTES);

    assertThat(read.signals(rows.instrument))
        .containsExactlyInAnyOrderElementsOf(
            LongStream.range(0, ROWS).mapToObj(rows::signal).toList());
  }

  @Test
  void influxOutageLosesNoPoint(StackEndpoints endpoints, LocalStack stack) throws Exception {
    InfluxSettings influx =
        new InfluxSettings(
            endpoints.influxUrl(),
            "it_outage_" + System.nanoTime(),
            endpoints.influxUser(),
            endpoints.influxPassword(),
            "deepalpha",
            "90d",
            true);
    SampleRows rows = new SampleRows("ixout" + System.nanoTime());
    StreamExecutionEnvironment env = checkpointedEnv();
    signals(env, rows)
        .sinkTo(new InfluxSinks(influx, InfluxSinkOptions.defaults().withBatchSize(50)).signals())
        .name("opportunities");

    JobClient job = env.executeAsync("influx outage");
    waitFor(() -> influxCount(endpoints, influx) > 300, Duration.ofSeconds(60));
    stack.stop(LocalStack.Service.INFLUXDB);
    Thread.sleep(OUTAGE.toMillis());
    stack.up(line -> {});
    job.getJobExecutionResult().get(3, TimeUnit.MINUTES);

    assertThat(influxSignalIds(endpoints, influx))
        .containsExactlyInAnyOrderElementsOf(
            LongStream.range(0, ROWS).mapToObj(i -> rows.signal(i).getSignalId()).toList());
  }

  private static StreamExecutionEnvironment checkpointedEnv() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(500);
    return env;
  }

  /** A replayable source: row i is a function of i, its position is checkpointed. */
  private static DataStream<Signal> signals(StreamExecutionEnvironment env, SampleRows rows) {
    GeneratorFunction<Long, Signal> generator = rows::signal;
    return env.fromSource(
        new DataGeneratorSource<>(
            generator,
            ROWS,
            RateLimiterStrategy.perSecond(ROWS_PER_SECOND),
            TypeInformation.of(Signal.class)),
        WatermarkStrategy.noWatermarks(),
        "signals");
  }

  private static long countOrZero(TableReader read, SampleRows rows) {
    try {
      return read.count("signals", "instrument", rows.instrument);
    } catch (Exception e) {
      return 0;
    }
  }

  private static long influxCount(StackEndpoints endpoints, InfluxSettings influx) {
    try {
      return influxSignalIds(endpoints, influx).size();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static List<String> influxSignalIds(StackEndpoints endpoints, InfluxSettings influx) {
    try (InfluxDB client =
        InfluxDBFactory.connect(
            endpoints.influxUrl(), endpoints.influxUser(), endpoints.influxPassword())) {
      var result =
          client.query(new Query("SELECT signal_id FROM opportunities", influx.database()));
      var series = result.getResults().get(0).getSeries();
      if (series == null) {
        return List.of();
      }
      return series.get(0).getValues().stream().map(v -> (String) v.get(1)).toList();
    }
  }

  private static void waitFor(BooleanSupplier condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(200);
    }
  }
}
