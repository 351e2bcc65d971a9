package io.deepalpha.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.jobs.spread.ShuffledArrival;
import io.deepalpha.jobs.spread.SignalOrder;
import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.jobs.spread.SpreadHarness;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.json.JsonLines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jobs spread --input --output}: the replay entry point on a local Flink cluster. */
class SpreadReplayTest {
  @TempDir Path dir;

  @Test
  void replayWritesTheSignalsOfTheOperatorAsSortedJsonLines() throws Exception {
    List<Quote> quotes = SpreadFixtures.randomWalk(new Random(11), 600);
    Path input = dir.resolve("quotes.jsonl");
    Path config = dir.resolve("trading.yaml");
    Path output = dir.resolve("signals.jsonl");
    Path stats = dir.resolve("stats.jsonl");
    Files.writeString(config, SpreadFixtures.CONFIG_YAML);
    // Arrival order shuffled within 20 ms; the replay runs with a 20 ms bound.
    List<String> lines = new ArrayList<>();
    for (Quote q : ShuffledArrival.within(quotes, 20_000L, new Random(3))) {
      lines.add(JsonLines.toLine(q));
    }
    Files.write(input, lines);

    PrintStream stderr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit =
          new CommandLine(new JobsCli())
              .execute(
                  "spread",
                  "--input",
                  input.toString(),
                  "--output",
                  output.toString(),
                  "--stats-output",
                  stats.toString(),
                  "--config",
                  config.toString(),
                  "--watermark-bound-ms",
                  "20");
    } finally {
      System.setErr(stderr);
    }

    assertThat(exit).isZero();
    List<String> expected = expectedSignals(quotes);
    assertThat(expected).hasSizeGreaterThan(3);
    assertThat(Files.readAllLines(output)).containsExactlyElementsOf(expected);
    assertThat(Files.readAllLines(stats))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("\"instrument\":\"BTC-USDT\""));
    assertThat(err.toString(StandardCharsets.UTF_8))
        .as("the summary line on stderr")
        .contains(
            "spread replay: "
                + expected.size()
                + " signals -> "
                + output
                + ", "
                + Files.readAllLines(stats).size()
                + " spread stats -> "
                + stats
                + " (");
  }

  @Test
  void helpDescribesTheReplayOptions() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new JobsCli());
    cli.setOut(new java.io.PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true));

    int exit = cli.execute("spread", "--help");

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "--input", "--output", "--config", "--watermark-bound-ms", "configs/trading.yaml");
  }

  /** The operator driven in event-time order by the harness: what the replay must reproduce. */
  private static List<String> expectedSignals(List<Quote> quotes) throws Exception {
    try (SpreadHarness h = new SpreadHarness(SpreadFixtures.config())) {
      for (Quote q : quotes) {
        h.quote(q);
      }
      h.watermarkUs(Long.MAX_VALUE / 1_000L * 1_000L);
      List<Signal> signals = new ArrayList<>(h.signals());
      signals.sort(SignalOrder.INSTANCE);
      return signals.stream().map(JsonLines::toLine).toList();
    }
  }
}
