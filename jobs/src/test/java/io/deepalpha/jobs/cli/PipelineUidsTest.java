package io.deepalpha.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.risk.RiskJob;
import io.deepalpha.jobs.spread.SpreadJob;
import io.deepalpha.jobs.store.ExecutionResultsJob;
import io.deepalpha.jobs.store.ResultStores;
import io.deepalpha.sinks.influx.InfluxSettings;
import io.deepalpha.sinks.influx.InfluxSinkOptions;
import io.deepalpha.sinks.influx.InfluxSinks;
import io.deepalpha.sinks.postgres.PostgresSettings;
import io.deepalpha.sinks.postgres.PostgresSinkOptions;
import io.deepalpha.sinks.postgres.PostgresSinks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The uids of the stores and of the one-graph pipeline are part of the savepoint format, like the
 * jobs' own: this list only ever grows.
 */
class PipelineUidsTest {
  static final List<String> RELEASED_STORE_UIDS =
      List.of(
          "spread-pg-signals",
          "spread-influx-opportunities",
          "spread-stat-rows",
          "spread-pg-spread-stats",
          "spread-influx-spreads",
          "spread-late-rows",
          "spread-pg-late-events",
          "risk-pg-risk-events",
          "risk-influx-risk-state",
          "risk-metric-rows",
          "risk-market-stat-rows",
          "risk-influx-risk-metrics",
          "risk-late-rows",
          "risk-pg-late-events",
          "exec-pg-orders",
          "exec-pg-fills",
          "exec-influx-order-latency",
          "market-influx-quotes");

  static final List<String> RELEASED_EXECUTION_UIDS =
      List.of("exec-orders-source", "exec-fills-source", "market-quotes-source");

  @Test
  void pipelineWithBothStoresHasEveryReleasedUidAndNoOther() {
    List<String> uids = uidsOf(pipelineGraph(bothStores()));

    assertThat(ResultStores.UIDS).containsExactlyElementsOf(RELEASED_STORE_UIDS);
    assertThat(ExecutionResultsJob.UIDS).containsExactlyElementsOf(RELEASED_EXECUTION_UIDS);
    List<String> released = new ArrayList<>();
    released.addAll(SpreadJob.UIDS);
    released.addAll(RiskJob.UIDS);
    released.addAll(RELEASED_STORE_UIDS);
    released.addAll(RELEASED_EXECUTION_UIDS);
    assertThat(uids).containsAll(released);
    // Flink derives the uids of a sink's extra nodes from it ("Sink Committer: <uid>").
    assertThat(uids)
        .allSatisfy(uid -> assertThat(released).anySatisfy(r -> assertThat(uid).endsWith(r)));
    assertThat(uids).doesNotHaveDuplicates();
  }

  @Test
  void pipelineWithoutStoresIsSpreadAndRiskOnly() {
    List<String> uids = uidsOf(pipelineGraph(ResultStores.none()));

    List<String> released = new ArrayList<>(SpreadJob.UIDS);
    released.addAll(RiskJob.UIDS);
    assertThat(uids).containsAll(released);
    assertThat(uids)
        .allSatisfy(uid -> assertThat(released).anySatisfy(r -> assertThat(uid).endsWith(r)));
  }

  @Test
  void spreadLiveAndRiskLiveWithStoresAddOnlyTheirStoreUids() {
    SpreadLiveCommand spread = new SpreadLiveCommand();
    new CommandLine(spread).parseArgs("--bootstrap-servers", "localhost:1", "--config", CONFIG);
    StreamExecutionEnvironment env = JobEnvironment.create(Duration.ofSeconds(10));
    spread.build(env, false, bothStores());
    List<String> spreadUids = uidsOf(env.getStreamGraph());

    RiskLiveCommand risk = new RiskLiveCommand();
    new CommandLine(risk).parseArgs("--bootstrap-servers", "localhost:1", "--config", CONFIG);
    StreamExecutionEnvironment riskEnv = JobEnvironment.create(Duration.ofSeconds(10));
    bothStores().attach(risk.job(bothStores()).build(riskEnv));
    List<String> riskUids = uidsOf(riskEnv.getStreamGraph());

    assertThat(spreadUids)
        .containsAll(SpreadJob.UIDS)
        .containsAll(RELEASED_STORE_UIDS.stream().filter(u -> u.startsWith("spread-")).toList())
        .noneMatch(u -> u.contains("risk-") || u.contains("exec-"));
    assertThat(riskUids)
        .containsAll(RiskJob.UIDS)
        .containsAll(RELEASED_STORE_UIDS.stream().filter(u -> u.startsWith("risk-")).toList())
        .noneMatch(u -> u.contains("spread-") || u.contains("exec-"));
  }

  @Test
  void helpNamesTheConnectionEnvironmentVariablesAndTheProcessPorts() {
    StringWriter out = new StringWriter();
    int exit =
        new CommandLine(new JobsCli())
            .setOut(new PrintWriter(out, true))
            .execute("pipeline-live", "--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains(
            "--postgres",
            "POSTGRES_JDBC_URL",
            "POSTGRES_PASSWORD_FILE",
            "--influx",
            "INFLUX_URL",
            "INFLUX_DATABASE",
            "--web-ui-port",
            "--metrics-port",
            "--savepoint-dir",
            "--from-savepoint");
  }

  @Test
  void missingConnectionSettingStopsTheStartNamingTheKey() {
    StringWriter err = new StringWriter();
    // An empty environment: no POSTGRES_* / INFLUX_* whatever the test JVM has.
    PipelineLiveCommand command = new PipelineLiveCommand();
    command.environment = Map.of();
    int exit =
        new CommandLine(command)
            .setErr(new PrintWriter(err, true))
            .execute("--postgres", "--config", CONFIG);

    assertThat(exit).isEqualTo(StartupException.EXIT_CODE);
    assertThat(err.toString()).contains("cannot start").contains("POSTGRES_JDBC_URL");
  }

  @Test
  void jobParallelismOutOfRangeStopsTheStartNamingTheOption() {
    StringWriter err = new StringWriter();
    PipelineLiveCommand command = new PipelineLiveCommand();
    command.environment = Map.of();
    int exit =
        new CommandLine(command)
            .setErr(new PrintWriter(err, true))
            .execute("--job-parallelism", "0", "--config", CONFIG);

    assertThat(exit).isEqualTo(StartupException.EXIT_CODE);
    assertThat(err.toString()).contains("--job-parallelism must be 1..128: 0");
  }

  private static final String CONFIG = "../configs/trading.yaml";

  private static StreamGraph pipelineGraph(ResultStores stores) {
    PipelineLiveCommand command = new PipelineLiveCommand();
    new CommandLine(command).parseArgs("--bootstrap-servers", "localhost:1", "--config", CONFIG);
    StreamExecutionEnvironment env = JobEnvironment.create(Duration.ofSeconds(10));
    command.job(stores, false).build(env);
    return env.getStreamGraph();
  }

  private static List<String> uidsOf(StreamGraph graph) {
    assertThat(graph.getStreamNodes())
        .allSatisfy(
            node -> assertThat(node.getTransformationUID()).as(node.getOperatorName()).isNotNull());
    return graph.getStreamNodes().stream()
        .map(StreamNode::getTransformationUID)
        .filter(Objects::nonNull)
        .toList();
  }

  /** Both stores, pointing nowhere: building a graph connects to nothing. */
  static ResultStores bothStores() {
    return new ResultStores(
        new PostgresSinks(
            new PostgresSettings("jdbc:postgresql://localhost:1/none", "nobody", "secret"),
            PostgresSinkOptions.fromEnv(Map.of())),
        new InfluxSinks(
            new InfluxSettings("http://localhost:1", "none", "nobody", "secret", "rp", "1d", false),
            InfluxSinkOptions.fromEnv(Map.of())));
  }
}
