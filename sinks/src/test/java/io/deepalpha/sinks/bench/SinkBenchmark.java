package io.deepalpha.sinks.bench;

import io.deepalpha.infra.stack.LocalStack;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.StackSettings;
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
import io.deepalpha.sinks.row.SpreadStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Throughput of the sinks on this machine: a local Flink job generates N rows as fast as it can and
 * writes them through one sink; the figure is N / wall time of the job (start to last flush). Not
 * part of {@code mvn verify}. Run:
 *
 * <pre>
 * mvn -B -q -pl sinks test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.deepalpha.sinks.bench.SinkBenchmark -Dexec.args="200000 2"
 * </pre>
 *
 * Arguments: rows per run (default 200000), parallelism (default 2). Uses the stack of
 * DEEPALPHA_STACK_ENV when set, otherwise starts one under target/bench-stack and stops it.
 */
public final class SinkBenchmark {
  private SinkBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
    int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    String external = System.getenv("DEEPALPHA_STACK_ENV");
    LocalStack owned = null;
    StackEndpoints stack;
    if (external != null && Files.exists(Path.of(external))) {
      stack = StackEndpoints.read(Path.of(external));
    } else {
      owned =
          new LocalStack(StackSettings.anyPorts(Path.of("target/bench-stack").toAbsolutePath()));
      stack = owned.up(line -> System.out.println("[stack] " + line));
    }
    try {
      PostgresSettings db = TestDatabase.migrated(stack);
      PostgresSinks pg = new PostgresSinks(db, PostgresSinkOptions.defaults());
      InfluxSinks influx =
          new InfluxSinks(
              new InfluxSettings(
                  stack.influxUrl(),
                  "bench",
                  stack.influxUser(),
                  stack.influxPassword(),
                  "deepalpha",
                  "90d",
                  true),
              InfluxSinkOptions.defaults().withBatchSize(10_000));

      // Warm-up: JIT, connections, the database's caches.
      SampleRows warm = new SampleRows("warm" + System.nanoTime());
      run("warm-up", rows / 4, parallelism, warm::signal, Signal.class, pg.signals());

      SampleRows r1 = new SampleRows("bench" + System.nanoTime());
      double signalsPerSecond =
          run(
              "PostgreSQL signals (ON CONFLICT DO NOTHING, rewritten batches)",
              rows,
              parallelism,
              r1::signal,
              Signal.class,
              pg.signals());
      long stored = new TableReader(db).count("signals", "instrument", r1.instrument);
      SampleRows r2 = new SampleRows("bench" + System.nanoTime());
      double spreadsPerSecond =
          run(
              "PostgreSQL spread_stats (ON CONFLICT DO UPDATE, partitioned)",
              rows,
              parallelism,
              r2::spreadStat,
              SpreadStat.class,
              pg.spreadStats());
      SampleRows r3 = new SampleRows("bench" + System.nanoTime());
      run("InfluxDB warm-up", rows / 4, parallelism, r3::signal, Signal.class, influx.signals());
      SampleRows r4 = new SampleRows("bench" + System.nanoTime());
      double pointsPerSecond =
          run(
              "InfluxDB opportunities points",
              rows,
              parallelism,
              r4::signal,
              Signal.class,
              influx.signals());

      System.out.printf(
          "%nRESULT rows=%d parallelism=%d cores=%d%n"
              + "  postgres signals      %,10.0f rows/s (stored %d)%n"
              + "  postgres spread_stats %,10.0f rows/s%n"
              + "  influx opportunities  %,10.0f points/s%n",
          rows,
          parallelism,
          Runtime.getRuntime().availableProcessors(),
          signalsPerSecond,
          stored,
          spreadsPerSecond,
          pointsPerSecond);
    } finally {
      if (owned != null) {
        owned.down(line -> System.out.println("[stack] " + line));
      }
    }
  }

  private static <T> double run(
      String name, long rows, int parallelism, Function<Long, T> row, Class<T> type, Sink<T> sink)
      throws Exception {
    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    config.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(parallelism);
    GeneratorFunction<Long, T> generator = row::apply;
    env.fromSource(
            new DataGeneratorSource<>(generator, rows, TypeInformation.of(type)),
            WatermarkStrategy.noWatermarks(),
            "generator")
        .sinkTo(sink)
        .name(name);
    long start = System.nanoTime();
    env.execute(name);
    double seconds = (System.nanoTime() - start) / 1e9;
    double perSecond = rows / seconds;
    System.out.printf("%-70s %,d in %.2f s = %,.0f/s%n", name, rows, seconds, perSecond);
    return perSecond;
  }
}
