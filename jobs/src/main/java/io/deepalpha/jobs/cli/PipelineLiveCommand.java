package io.deepalpha.jobs.cli;

import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.io.EventKafkaSink;
import io.deepalpha.jobs.io.KafkaSources;
import io.deepalpha.jobs.io.LogSink;
import io.deepalpha.jobs.io.SignalKafkaSink;
import io.deepalpha.jobs.late.LateEvent;
import io.deepalpha.jobs.pipeline.LocalFlink;
import io.deepalpha.jobs.pipeline.PipelineJob;
import io.deepalpha.jobs.risk.MarketRiskStats;
import io.deepalpha.jobs.risk.RiskJob;
import io.deepalpha.jobs.risk.RiskSettings;
import io.deepalpha.jobs.spread.SpreadJob;
import io.deepalpha.jobs.spread.SpreadStat;
import io.deepalpha.jobs.store.ExecutionResultsJob;
import io.deepalpha.jobs.store.ResultStores;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole Flink side of the pipeline in one local Flink (this JVM): SpreadJob + RiskJob + orders,
 * fills and sampled quotes to the stores, one job graph. What {@code bin/deepalpha run} starts.
 */
@Command(
    name = "pipeline-live",
    mixinStandardHelpOptions = true,
    description = {
      "Run SpreadJob, RiskJob and the result stores as one job in a local Flink (this JVM):",
      "md.quotes, md.trades, exec.orders, exec.fills, config.* -> signals, risk.state,",
      "and with --postgres/--influx every result into PostgreSQL/InfluxDB.",
      "Web UI and REST API on --web-ui-port, Prometheus metrics on --metrics-port.",
      "SIGTERM stops the job (with a savepoint into --savepoint-dir when given) and exits 0.",
      "Exit 2: a setting is missing or a store is unreachable / lacks its tables."
    })
public final class PipelineLiveCommand implements Callable<Integer> {
  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka bootstrap servers. Default: $KAFKA_BOOTSTRAP_SERVERS or localhost:9092")
  String bootstrap;

  @Option(
      names = "--group-id",
      defaultValue = "deepalpha",
      description =
          "Prefix of the Kafka consumer groups (<prefix>-spread, -risk, -exec, ...)."
              + " Default: ${DEFAULT-VALUE}")
  String groupId;

  @Option(
      names = "--topic-prefix",
      defaultValue = "",
      description =
          "Prefix of every topic name, config.* included (tests, side-by-side runs)."
              + " Default: none, the contract's topics")
  String topicPrefix;

  @Option(
      names = "--from-earliest",
      description =
          "When a consumer group has no committed offsets (first start), read the topics from"
              + " the beginning instead of the end.")
  boolean fromEarliest;

  @Option(
      names = "--checkpoint-interval-ms",
      defaultValue = "10000",
      description =
          "Checkpoint interval (offsets are committed at each). Default: ${DEFAULT-VALUE}")
  long checkpointIntervalMs;

  @Option(
      names = "--web-ui-port",
      defaultValue = "8081",
      description = "Flink web UI and REST API port (0 = any free port). Default: ${DEFAULT-VALUE}")
  int webUiPort;

  @Option(
      names = "--metrics-port",
      defaultValue = "9249",
      description =
          "Prometheus endpoint (Flink's reporter, GET /metrics) port; 0 = none."
              + " Default: ${DEFAULT-VALUE}")
  int metricsPort;

  @Option(
      names = "--checkpoint-dir",
      description =
          "Checkpoints go to files here (default: a new directory under java.io.tmpdir). The"
              + " JobManager's memory would refuse the risk windows' state beyond 5 MB, and every"
              + " failed checkpoint restarts the job.")
  Path checkpointDir;

  @Option(
      names = "--savepoint-dir",
      description = "On SIGTERM, stop with a savepoint into this directory (else: cancel).")
  Path savepointDir;

  @Option(names = "--from-savepoint", description = "Resume from this savepoint or checkpoint.")
  Path fromSavepoint;

  @Option(
      names = "--risk-window-size-ms",
      defaultValue = "60000",
      description = "RiskJob sliding window size. Default: ${DEFAULT-VALUE}")
  long riskWindowSizeMs;

  @Option(
      names = "--risk-window-slide-ms",
      defaultValue = "5000",
      description = "RiskJob window slide. Default: ${DEFAULT-VALUE}")
  long riskWindowSlideMs;

  @Option(
      names = "--risk-watermark-bound-ms",
      defaultValue = "200",
      description = "RiskJob allowed out-of-orderness. Default: ${DEFAULT-VALUE}")
  long riskWatermarkBoundMs;

  @Option(
      names = "--job-parallelism",
      description =
          "Parallelism of the sources, windows, limits and sinks (the spread evaluator has"
              + " --parallelism). Default: the number of cores")
  Integer jobParallelism;

  @Option(
      names = "--stop-timeout-ms",
      defaultValue = "60000",
      description =
          "How long SIGTERM waits for the savepoint and the stop. Default: ${DEFAULT-VALUE}")
  long stopTimeoutMs;

  @Mixin SpreadOptions spread = new SpreadOptions();

  @Mixin StoreOptions storeOptions = new StoreOptions();

  @Spec CommandSpec spec;

  @Mixin BrokerCheck brokerCheck = new BrokerCheck();

  /** Where the store settings come from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    if (jobParallelism != null
        && (jobParallelism < 1 || jobParallelism > JobEnvironment.MAX_PARALLELISM)) {
      spec.commandLine()
          .getErr()
          .println(
              "pipeline-live cannot start: --job-parallelism must be 1.."
                  + JobEnvironment.MAX_PARALLELISM
                  + ": "
                  + jobParallelism);
      return StartupException.EXIT_CODE;
    }
    ResultStores stores = storeOptions.verifiedOrReport(environment, spec, "pipeline-live");
    if (stores == null || !brokerCheck.passes(bootstrap, spec, "pipeline-live")) {
      return StartupException.EXIT_CODE;
    }
    Configuration cluster = LocalFlink.configuration(webUiPort, metricsPort);
    LocalFlink.checkpointsTo(
        cluster,
        checkpointDir != null
            ? checkpointDir
            : java.nio.file.Files.createTempDirectory("deepalpha-checkpoints"));
    if (fromSavepoint != null) {
      cluster.set(StateRecoveryOptions.SAVEPOINT_PATH, fromSavepoint.toUri().toString());
    }
    StreamExecutionEnvironment env =
        JobEnvironment.create(Duration.ofMillis(checkpointIntervalMs), cluster);
    if (jobParallelism != null) {
      env.setParallelism(jobParallelism);
    }
    job(stores, false).build(env);
    LocalFlink.run(env, "deepalpha pipeline", savepointDir, Duration.ofMillis(stopTimeoutMs));
    return 0;
  }

  /** The live topology; {@code bounded} stops every market source at its current end (tests). */
  public PipelineJob job(ResultStores stores, boolean bounded) {
    String quotes = topic(Topics.MD_QUOTES.name());
    List<String> configTopics = KafkaSources.CONFIG_TOPICS.stream().map(this::topic).toList();
    // With a store on, statistics and late events go there instead of the log.
    Sink<SpreadStat> spreadStats =
        stores.any() ? new DiscardingSink<>() : new LogSink<>("spread.stats");
    Sink<LateEvent> spreadLate =
        stores.any() ? new DiscardingSink<>() : new LogSink<>("spread.late");
    Sink<MarketRiskStats> marketStats =
        stores.any() ? new DiscardingSink<>() : new LogSink<>("risk.market");
    Sink<LateEvent> riskLate = stores.any() ? new DiscardingSink<>() : new LogSink<>("risk.late");
    SpreadJob spreadJob =
        new SpreadJob(
            KafkaSources.events(
                Quote.class, bootstrap, quotes, groupId + "-spread", fromEarliest, bounded),
            KafkaSources.config(bootstrap, groupId + "-spread-config", configTopics, false),
            SignalKafkaSink.create(bootstrap, topic(Topics.SIGNALS.name())),
            spreadStats,
            spreadLate,
            spread.tradingConfig(),
            spread.settings());
    RiskJob riskJob =
        new RiskJob(
            KafkaSources.events(
                Quote.class, bootstrap, quotes, groupId + "-risk", fromEarliest, bounded),
            KafkaSources.events(
                Trade.class,
                bootstrap,
                topic(Topics.MD_TRADES.name()),
                groupId + "-risk",
                fromEarliest,
                bounded),
            KafkaSources.events(
                Fill.class,
                bootstrap,
                topic(Topics.EXEC_FILLS.name()),
                groupId + "-risk",
                true,
                bounded),
            KafkaSources.config(bootstrap, groupId + "-risk-config", configTopics, false),
            EventKafkaSink.create(bootstrap, topic(Topics.RISK_STATE.name()), RiskState.class),
            marketStats,
            riskLate,
            spread.tradingConfig(),
            new RiskSettings(
                Duration.ofMillis(riskWindowSizeMs),
                Duration.ofMillis(riskWindowSlideMs),
                Duration.ofMillis(riskWatermarkBoundMs),
                Duration.ofMillis(spread.idlenessMs),
                spread.strategy));
    // Orders and fills are facts to keep: read from the beginning on a first start.
    ExecutionResultsJob execution =
        new ExecutionResultsJob(
            KafkaSources.events(
                Order.class,
                bootstrap,
                topic(Topics.EXEC_ORDERS.name()),
                groupId + "-exec",
                true,
                bounded),
            KafkaSources.events(
                Fill.class,
                bootstrap,
                topic(Topics.EXEC_FILLS.name()),
                groupId + "-exec",
                true,
                bounded),
            KafkaSources.events(
                Quote.class, bootstrap, quotes, groupId + "-quote-sample", fromEarliest, bounded),
            stores);
    return new PipelineJob(spreadJob, riskJob, execution, stores);
  }

  private String topic(String name) {
    return topicPrefix + name;
  }
}
