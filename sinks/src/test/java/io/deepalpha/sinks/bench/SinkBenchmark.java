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
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
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
 * writes them through one sink; the figure is N / the job's net runtime (start to last flush). Not
 * part of {@code mvn verify}. Run:
 *
 * <pre>
 * mvn -B -q -pl sinks test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     "-Dexec.args=-cp %classpath io.deepalpha.sinks.bench.SinkBenchmark 500000 2"
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

  /** [busy, total] jiffies of all CPUs since boot, from /proc/stat (Linux). */
  private static long[] machineCpuJiffies() throws java.io.IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
  }

  /**
   * CPU jiffies of the bench stack's server process named {@code name} (postgres, influxd): the
   * process, its reaped children (cutime/cstime) and its live children (PostgreSQL backends).
   */
  private static long serverCpuJiffies(String name) {
    long total = 0;
    java.util.List<Long> roots = new java.util.ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path proc : (Iterable<Path>) procs::iterator) {
        String pid = proc.getFileName().toString();
        if (!pid.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String cmd = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
          if (cmd.contains("bench-stack") && cmd.contains(name)) {
            roots.add(Long.parseLong(pid));
          }
        } catch (java.io.IOException e) {
          // the process ended meanwhile
        }
      }
      try (var again = Files.list(Path.of("/proc"))) {
        for (Path proc : (Iterable<Path>) again::iterator) {
          try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long pid = Long.parseLong(proc.getFileName().toString());
            long ppid = Long.parseLong(f[1]);
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (roots.contains(pid)) {
              total += own + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            } else if (roots.contains(ppid)) {
              total += own;
            }
          } catch (java.io.IOException | RuntimeException e) {
            // not a process directory, or it ended meanwhile
          }
        }
      }
    } catch (java.io.IOException e) {
      return 0;
    }
    return total;
  }

  private static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String loadAverage() throws java.io.IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  private static <T> double run(
      String name,
      long rows,
      int parallelism,
      GeneratorFunction<Long, T> generator,
      Class<T> type,
      Sink<T> sink)
      throws Exception {
    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    config.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(parallelism);
    env.fromSource(
            new DataGeneratorSource<>(generator, rows, TypeInformation.of(type)),
            WatermarkStrategy.noWatermarks(),
            "generator")
        .sinkTo(sink)
        .name(name);
    long[] cpuBefore = machineCpuJiffies();
    long jvmCpuBefore = jvmCpuNanos();
    long pgBefore = serverCpuJiffies("postgres");
    long influxBefore = serverCpuJiffies("influxd");
    long start = System.nanoTime();
    JobExecutionResult result = env.execute(name);
    double wall = (System.nanoTime() - start) / 1e9;
    // Net runtime: from the job's start to its end, without submission and cluster start-up.
    double seconds = result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3;
    long[] cpuAfter = machineCpuJiffies();
    double jvmCpu = (jvmCpuNanos() - jvmCpuBefore) / 1e9;
    double pgCpu = (serverCpuJiffies("postgres") - pgBefore) / 100.0;
    double influxCpu = (serverCpuJiffies("influxd") - influxBefore) / 100.0;
    double busy = (cpuAfter[0] - cpuBefore[0]) / 100.0;
    double total = (cpuAfter[1] - cpuBefore[1]) / 100.0;
    double perSecond = rows / seconds;
    System.out.printf(
        "%-66s %,d in %.2f s (net; wall %.2f s) = %,.0f/s | machine CPU busy %.0f%% of %.1f"
            + " core-s; core-s used by this JVM %.1f, PostgreSQL %.1f, InfluxDB %.1f; load %s%n",
        name,
        rows,
        seconds,
        wall,
        perSecond,
        100 * busy / Math.max(total, 1e-9),
        total,
        jvmCpu,
        pgCpu,
        influxCpu,
        loadAverage());
    return perSecond;
  }
}
