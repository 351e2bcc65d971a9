package io.deepalpha.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.io.JsonLinesReplaySource;
import io.deepalpha.jobs.io.SortedLinesFileSink;
import io.deepalpha.jobs.spread.SignalOrder;
import io.deepalpha.jobs.spread.SpreadJob;
import io.deepalpha.jobs.spread.SpreadStat;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Replays a JSON lines file of quotes through the same SpreadJob as live and writes the signals as
 * JSON lines, sorted (event time, instrument, buy venue, sell venue, id): identical input gives an
 * identical file.
 */
@Command(
    name = "spread",
    mixinStandardHelpOptions = true,
    description =
        "Replay quotes (JSON lines, as 'ingest replay --to-json' writes) through SpreadJob.")
public final class SpreadReplayCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "JSON lines with quote events.")
  Path input;

  @Option(names = "--output", required = true, description = "Signals, JSON lines.")
  Path output;

  @Option(
      names = "--config-changes",
      description = "Optional JSON lines of configChange events, applied before the first quote.")
  Path configChanges;

  @Option(names = "--stats-output", description = "Optional: spread statistics, JSON lines.")
  Path statsOutput;

  @Option(names = "--late-output", description = "Optional: late quotes, JSON lines.")
  Path lateOutput;

  @Mixin SpreadOptions options = new SpreadOptions();

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(input)) {
      System.err.println("--input: cannot read " + input);
      return 2;
    }
    StreamExecutionEnvironment env = JobEnvironment.create(Duration.ZERO);
    build(env);
    long startNs = System.nanoTime();
    env.execute("spread replay " + input.getFileName());
    Map<String, Path> outputs = new LinkedHashMap<>();
    outputs.put("signals", output);
    outputs.put("spread stats", statsOutput);
    outputs.put("late quotes", lateOutput);
    System.err.println(
        ReplayFiles.summary(
            "spread replay", Duration.ofNanos(System.nanoTime() - startNs), outputs));
    return 0;
  }

  void build(StreamExecutionEnvironment env) throws Exception {
    // One file reader and one writer per output; the evaluator runs at --parallelism.
    env.setParallelism(1);
    Path changes = ReplayFiles.configChangesOrNoOp(configChanges);
    ObjectMapper json = new ObjectMapper();
    new SpreadJob(
            JsonLinesReplaySource.of(input, Quote.class),
            JsonLinesReplaySource.of(changes, ConfigChange.class),
            new SortedLinesFileSink<Signal>(output, JsonLines::toLine, SignalOrder.INSTANCE),
            statsOutput == null
                ? new DiscardingSink<SpreadStat>()
                : new SortedLinesFileSink<SpreadStat>(
                    statsOutput,
                    json::writeValueAsString,
                    (a, b) ->
                        Comparator.<SpreadStat>comparingLong(s -> s.windowStartUs)
                            .thenComparing(s -> s.instrument)
                            .thenComparing(s -> s.buyVenue)
                            .thenComparing(s -> s.sellVenue)
                            .compare(a, b)),
            ReplayFiles.lateEvents(lateOutput, json),
            options.tradingConfig(),
            options.settings())
        .build(env);
  }
}
