package io.deepalpha.infra.pipeline;

import io.deepalpha.infra.stack.StackEndpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command lines of the pipeline's services, each a JVM of its module's build: the venue
 * simulator and ingest (module ingest), the config CDC (ingest), the Flink jobs with both sinks
 * (jobs, on a local Flink), and the paper executor (executor). Heap sizes add up, with the stack,
 * to well under a c5n host's 5.3 GB.
 */
final class Services {
  static final String INGEST_MAIN = "io.deepalpha.ingest.cli.IngestCli";
  static final String JOBS_MAIN = "io.deepalpha.jobs.cli.JobsCli";
  static final String EXECUTOR_MAIN = "io.deepalpha.executor.ExecutorMain";

  private final PipelineSettings settings;
  private final StackEndpoints stack;
  final int simulatorPort = FreePorts.preferred(8765);
  final int ingestMetricsPort = FreePorts.preferred(9400);
  final int cdcMetricsPort = FreePorts.preferred(9401);
  final int simulatorMetricsPort = FreePorts.preferred(9403);
  final int jobsMetricsPort = FreePorts.preferred(9249);
  final int flinkUiPort = FreePorts.preferred(8081);
  final int executorPort = FreePorts.preferred(8082);

  private final String runId;

  Services(PipelineSettings settings, StackEndpoints stack, String runId) {
    this.settings = settings;
    this.stack = stack;
    this.runId = runId;
  }

  /**
   * A group of its own per run, starting at the end of the topics: the jobs see exactly this run's
   * market from a clean state, so the same recorded market gives the same signals.
   */
  String jobsGroupPrefix() {
    return "deepalpha-jobs-" + runId;
  }

  /**
   * Stable across runs: the executor continues where it stopped (with its journal), so a signal is
   * never answered twice; a new group would start at the earliest signal.
   */
  /** The spread job's quotes consumer (offsets committed at each checkpoint). */
  String jobsSpreadGroup() {
    return jobsGroupPrefix() + "-spread";
  }

  String executorGroup() {
    return "deepalpha-executor-demo";
  }

  List<String> simulator() {
    List<String> cmd = java("ingest", "-Xmx256m", INGEST_MAIN);
    cmd.addAll(
        List.of(
            "simulate",
            "--port",
            Integer.toString(simulatorPort),
            "--symbols",
            String.join(",", settings.instruments()),
            "--seed",
            Long.toString(settings.seed()),
            "--metrics-port",
            Integer.toString(simulatorMetricsPort),
            "--step-ms",
            Long.toString(settings.stepMs()),
            "--noise-bps",
            Double.toString(settings.noiseBps())));
    if (!settings.replay().isEmpty()) {
      cmd.add("--replay");
      cmd.add(String.join(",", settings.replay().stream().map(Path::toString).toList()));
      cmd.add("--speed");
      cmd.add(Double.toString(settings.replaySpeed()));
      // Ingest starts after the jobs and the executor: the recording starts when it connects.
      cmd.add("--replay-wait-ms");
      cmd.add("3000");
    }
    return cmd;
  }

  List<String> ingest() {
    List<String> cmd = java("ingest", "-Xmx384m", INGEST_MAIN);
    cmd.addAll(
        List.of(
            "run",
            "--venues",
            String.join(",", settings.venues()),
            "--instruments",
            String.join(",", settings.instruments()),
            "--kafka",
            stack.kafkaBootstrap(),
            "--metrics-port",
            Integer.toString(ingestMetricsPort)));
    for (String venue : settings.venues()) {
      cmd.add("--endpoint");
      cmd.add(venue + "=ws://127.0.0.1:" + simulatorPort + "/" + venue.toLowerCase());
    }
    if (settings.record()) {
      cmd.add("--record-dir");
      cmd.add(settings.recordingDir().toString());
    }
    return cmd;
  }

  List<String> cdc() {
    List<String> cmd = java("ingest", "-Xmx256m", INGEST_MAIN);
    cmd.addAll(
        List.of(
            "cdc",
            "--kafka",
            stack.kafkaBootstrap(),
            "--postgres-jdbc-url",
            stack.postgresJdbcUrl(),
            "--postgres-user",
            stack.postgresUser(),
            "--state-dir",
            // Offsets outlive the run: the next run continues after the last change it published.
            settings.runDir().resolveSibling("cdc-state").toString(),
            "--metrics-port",
            Integer.toString(cdcMetricsPort)));
    return cmd;
  }

  List<String> jobs() {
    List<String> cmd =
        java(
            "jobs",
            "-Xmx1g",
            "-Dlog4j2.configurationFile="
                + settings.repo().resolve("jobs/config/log4j2.properties"),
            JOBS_MAIN);
    cmd.addAll(
        List.of(
            "pipeline-live",
            "--bootstrap-servers",
            stack.kafkaBootstrap(),
            "--group-id",
            jobsGroupPrefix(),
            "--postgres",
            "--influx",
            "--metrics-port",
            Integer.toString(jobsMetricsPort),
            "--web-ui-port",
            Integer.toString(flinkUiPort),
            // One slot's worth of tasks: ~700 quotes/s need far less than a core, and the rest of
            // the stack shares the same cores; parallelism 2 doubled the threads and buffers.
            "--job-parallelism",
            "1",
            "--checkpoint-interval-ms",
            "5000",
            "--checkpoint-dir",
            settings.runDir().resolve("checkpoints").toString()));
    return cmd;
  }

  List<String> executor() {
    List<String> cmd =
        java(
            "executor",
            "-Xmx512m",
            "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED",
            EXECUTOR_MAIN);
    cmd.addAll(
        List.of("--env-file", settings.repo().resolve("configs/.env.c5n.testing").toString()));
    return cmd;
  }

  /** The paper executor's position limit in the demo, per instrument and venue (base units). */
  static final String DEMO_MAX_POSITION = "100";

  /** The paper account's equity in the demo, quote currency: RISK_LIMIT's base. */
  static final String DEMO_ACCOUNT_EQUITY = "1000000";

  /** The executor's settings on top of the testing env file: paper mode on this run's stack. */
  Map<String, String> executorEnv() {
    Map<String, String> env = new LinkedHashMap<>(databaseEnv());
    env.put("TRADING_MODE", "paper");
    // The testing file's 0.001 is sized for testnet orders; the demo's signals ask for up to the
    // strategies' max_qty (0.05 BTC, 1 ETH), and paper positions pile up on each venue (the
    // legs are never rebalanced), so every order would be refused. Paper money only.
    env.put("MAX_POSITION_SIZE", DEMO_MAX_POSITION);
    // RISK_LIMIT (0.02) is a fraction of the equity; the gross exposure of those piling legs
    // passes 2 % of the default 10,000 after a few fills.
    env.put("ACCOUNT_EQUITY", DEMO_ACCOUNT_EQUITY);
    env.put("VENUES", String.join(",", settings.venues()));
    env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrap());
    env.put("KAFKA_GROUP_ID", executorGroup());
    env.put("KAFKA_GROUP_INSTANCE_ID", "pipeline-executor");
    // The journal outlives the run like the group's offsets: it is what makes a signal that is
    // delivered again (after a crash before the commit) a duplicate instead of a second order.
    env.put("JOURNAL_DIR", settings.runDir().resolveSibling("executor-journal").toString());
    env.put("HTTP_BIND", "127.0.0.1");
    env.put("HTTP_PORT", Integer.toString(executorPort));
    return env;
  }

  /** Where the sinks and the CDC find the databases; passwords by file, never inline. */
  Map<String, String> databaseEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrap());
    env.put("POSTGRES_JDBC_URL", stack.postgresJdbcUrl());
    env.put("POSTGRES_USER", stack.postgresUser());
    env.put("POSTGRES_PASSWORD_FILE", stack.postgresPasswordFile().toString());
    env.put("INFLUX_URL", stack.influxUrl());
    env.put("INFLUX_DATABASE", stack.influxDatabase());
    env.put("INFLUX_USER", stack.influxUser());
    env.put("INFLUX_PASSWORD_FILE", stack.influxPasswordFile().toString());
    env.put("LOG_DIR", settings.logsDir().toString());
    return env;
  }

  private List<String> java(String module, String heap, String... rest) {
    ModuleJars jars = ModuleJars.of(settings.repo(), module);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add(heap);
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-cp");
    cmd.add(jars.classpath());
    cmd.addAll(List.of(rest));
    return cmd;
  }
}
