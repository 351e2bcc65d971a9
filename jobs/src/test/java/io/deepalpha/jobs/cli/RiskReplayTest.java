package io.deepalpha.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.jobs.risk.RiskFixtures;
import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.json.JsonLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jobs risk --input --output}: RiskJob over a file, the same classes as live. */
class RiskReplayTest {
  @TempDir Path dir;

  @Test
  void replayHaltsOnVolatileQuotesReleasesOnCalmOnesAndIsByteIdenticalTwice() throws Exception {
    // 0-10 s: mid swings 100 <-> 103 every second (~296 bps per return: HALT, limit 150);
    // 30-60 s: a flat mid once the swings have left the 10 s windows.
    List<String> lines = new ArrayList<>();
    for (Quote q : RiskFixtures.swingsThenCalm(SpreadFixtures.BEGINNING_US)) {
      lines.add(JsonLines.toLine(q));
    }
    Path input = dir.resolve("quotes.jsonl");
    Files.write(input, lines);
    Path config = dir.resolve("trading.yaml");
    Files.writeString(config, SpreadFixtures.CONFIG_YAML);

    List<String> first = replay(input, config, "1");
    List<String> second = replay(input, config, "2");

    assertThat(first).hasSize(2);
    assertThat(first.get(0))
        .contains("\"scope\":\"INSTRUMENT\"", "\"scopeKey\":\"BTC-USDT\"")
        .contains(
            "\"previousLevel\":\"OK\"", "\"level\":\"HALT\"", "\"metric\":\"volatility_bps\"");
    assertThat(first.get(1)).contains("\"previousLevel\":\"HALT\"", "\"level\":\"OK\"");
    assertThat(second).isEqualTo(first);
    // 10 s windows sliding by 5 s over quotes at 0..9 s and 30..59 s: 3 + 7 windows
    assertThat(Files.readAllLines(dir.resolve("windows-1.jsonl"))).hasSize(10);
  }

  @Test
  void badWindowSettingsStopWithTheOptionNamed() throws Exception {
    Path input = dir.resolve("quotes.jsonl");
    Files.write(
        input,
        List.of(JsonLines.toLine(RiskFixtures.binanceMid(SpreadFixtures.BEGINNING_US, 0, 0, 100))));
    StringWriter err = new StringWriter();

    int exit =
        new CommandLine(new JobsCli())
            .setErr(new PrintWriter(err, true))
            .execute(
                "risk",
                "--input",
                input.toString(),
                "--output",
                dir.resolve("out.jsonl").toString(),
                "--window-size-ms",
                "7000",
                "--window-slide-ms",
                "5000");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--window-size-ms", "multiple of the window slide");
  }

  private List<String> replay(Path input, Path config, String run) throws Exception {
    Path output = dir.resolve("states-" + run + ".jsonl");
    int exit =
        new CommandLine(new JobsCli())
            .execute(
                "risk",
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--windows-output",
                dir.resolve("windows-" + run + ".jsonl").toString(),
                "--config",
                config.toString(),
                "--window-size-ms",
                "10000",
                "--window-slide-ms",
                "5000",
                "--watermark-bound-ms",
                "20");
    assertThat(exit).isZero();
    return Files.readAllLines(output);
  }
}
