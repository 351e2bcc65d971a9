package io.deepalpha.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.config.TradingConfig;
import io.deepalpha.jobs.io.JsonLinesReplaySource;
import io.deepalpha.jobs.io.SortedLinesFileSink;
import io.deepalpha.jobs.risk.MarketRiskStats;
import io.deepalpha.jobs.risk.RiskJob;
import io.deepalpha.jobs.risk.RiskMetric;
import io.deepalpha.jobs.risk.RiskSettings;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.json.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Replays JSON lines of quotes and trades (and optionally fills) through the same RiskJob as live
 * and writes the {@code risk.state} transitions, sorted (event time, scope, key, metric): identical
 * input gives an identical file. The file sources end, so every window closes.
 */
@Command(
    name = "risk",
    mixinStandardHelpOptions = true,
    description = {
      "Replay quotes and trades (JSON lines, as 'ingest replay --to-json' writes) and optional",
      "fills through RiskJob; risk.state transitions, window statistics and metrics to files."
    })
public final class RiskReplayCommand implements Callable<Integer> {
  @Option(
      names = "--input",
      required = true,
      description = "JSON lines with quote (and trade) events; other lines are skipped.")
  Path input;

  @Option(names = "--fills", description = "Optional: JSON lines with fill events (positions).")
  Path fills;

  @Option(names = "--output", required = true, description = "risk.state transitions, JSON lines.")
  Path output;

  @Option(names = "--windows-output", description = "Optional: window statistics, JSON lines.")
  Path windowsOutput;

  @Option(
      names = "--metrics-output",
      description = "Optional: every metric compared with the limits, JSON lines.")
  Path metricsOutput;

  @Option(names = "--late-output", description = "Optional: late market events, JSON lines.")
  Path lateOutput;

  @Option(
      names = "--config-changes",
      description = "Optional JSON lines of configChange events (e.g. risk_limits rows).")
  Path configChanges;

  @Option(
      names = "--config",
      defaultValue = "configs/trading.yaml",
      description = "Defaults of the live config. Default: ${DEFAULT-VALUE}")
  Path config;

  @Option(
      names = "--strategy",
      defaultValue = TradingConfig.DEFAULT_STRATEGY,
      description = "Strategy the fills belong to. Default: ${DEFAULT-VALUE}")
  String strategy;

  @Option(
      names = "--window-size-ms",
      defaultValue = "60000",
      description = "Sliding window size. Default: ${DEFAULT-VALUE}")
  long windowSizeMs;

  @Option(
      names = "--window-slide-ms",
      defaultValue = "5000",
      description = "Window slide (the size must be a multiple). Default: ${DEFAULT-VALUE}")
  long windowSlideMs;

  @Option(
      names = "--watermark-bound-ms",
      defaultValue = "200",
      description = "Allowed out-of-orderness. Default: ${DEFAULT-VALUE}")
  long watermarkBoundMs;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    for (Path file : new Path[] {input, fills, configChanges}) {
      if (file != null && !Files.isReadable(file)) {
        spec.commandLine().getErr().println("cannot read " + file);
        return 2;
      }
    }
    StreamExecutionEnvironment env = JobEnvironment.create(Duration.ZERO);
    build(env);
    long startNs = System.nanoTime();
    env.execute("risk replay " + input.getFileName());
    Map<String, Path> outputs = new LinkedHashMap<>();
    outputs.put("risk states", output);
    outputs.put("windows", windowsOutput);
    outputs.put("metrics", metricsOutput);
    outputs.put("late events", lateOutput);
    spec.commandLine()
        .getErr()
        .println(
            ReplayFiles.summary(
                "risk replay", Duration.ofNanos(System.nanoTime() - startNs), outputs));
    return 0;
  }

  void build(StreamExecutionEnvironment env) throws Exception {
    // One reader per file and one writer per output, everything in one ordered pipeline.
    env.setParallelism(1);
    RiskSettings settings;
    try {
      settings =
          new RiskSettings(
              Duration.ofMillis(windowSizeMs),
              Duration.ofMillis(windowSlideMs),
              Duration.ofMillis(watermarkBoundMs),
              Duration.ZERO,
              strategy);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--window-size-ms: " + e.getMessage());
    }
    Path changes = ReplayFiles.configChangesOrNoOp(configChanges);
    ObjectMapper json = new ObjectMapper();
    RiskJob.Outputs outputs =
        new RiskJob(
                JsonLinesReplaySource.of(input, Quote.class),
                JsonLinesReplaySource.hasAny(input, Trade.class)
                    ? JsonLinesReplaySource.of(input, Trade.class)
                    : null,
                fills != null && JsonLinesReplaySource.hasAny(fills, Fill.class)
                    ? JsonLinesReplaySource.of(fills, Fill.class)
                    : null,
                JsonLinesReplaySource.of(changes, ConfigChange.class),
                new SortedLinesFileSink<RiskState>(
                    output,
                    JsonLines::toLine,
                    (a, b) ->
                        Comparator.<RiskState>comparingLong(RiskState::getEventTimeUs)
                            .thenComparing(r -> r.getScope().name())
                            .thenComparing(RiskState::getScopeKey)
                            .thenComparing(RiskState::getMetric)
                            .compare(a, b)),
                windowsOutput == null
                    ? new DiscardingSink<MarketRiskStats>()
                    : new SortedLinesFileSink<MarketRiskStats>(
                        windowsOutput,
                        json::writeValueAsString,
                        (a, b) ->
                            Comparator.<MarketRiskStats>comparingLong(w -> w.windowStartMs)
                                .thenComparing(w -> w.instrument)
                                .thenComparing(w -> w.venue)
                                .compare(a, b)),
                ReplayFiles.lateEvents(lateOutput, json),
                TradingConfig.load(config).forStrategy(strategy),
                settings)
            .build(env);
    if (metricsOutput != null) {
      outputs
          .metrics()
          .sinkTo(
              new SortedLinesFileSink<RiskMetric>(
                  metricsOutput,
                  json::writeValueAsString,
                  (a, b) ->
                      Comparator.<RiskMetric>comparingLong(m -> m.eventTimeUs)
                          .thenComparing(m -> m.scope)
                          .thenComparing(m -> m.scopeKey)
                          .thenComparing(m -> m.metric)
                          .thenComparing(m -> m.source)
                          .thenComparingDouble(m -> m.value)
                          .compare(a, b)))
          .uid("risk-replay-metrics-sink")
          .name("metrics file");
    }
  }
}
