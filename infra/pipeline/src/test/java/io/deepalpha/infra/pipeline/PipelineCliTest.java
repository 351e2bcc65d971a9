package io.deepalpha.infra.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PipelineCliTest {

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new PipelineCli());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryOptionAnOperatorNeeds() {
    Result r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "--duration",
            "--keep-running",
            "--instruments",
            "--venues",
            "--speed",
            "--seed",
            "--replay",
            "--record",
            "--no-cdc",
            "--stop-stack",
            "BINANCE,OKX,BYBIT,COINBASE");
  }

  @Test
  void replayTakesTheVenueFilesInTheDirectoryAndBelowIt(@TempDir Path dir) throws Exception {
    Path recorded = dir.resolve("recorded");
    Files.createDirectories(recorded.resolve("agpl"));
    Files.createDirectories(recorded.resolve("permissive"));
    Path coinbase = Files.writeString(recorded.resolve("agpl/COINBASE.jsonl"), "");
    Path binance = Files.writeString(recorded.resolve("permissive/BINANCE.ws.1.0"), "");
    Files.writeString(recorded.resolve("README.md"), "not a recording");
    PipelineCli cli = new PipelineCli();
    new CommandLine(cli).parseArgs("--replay", recorded.toString());

    assertThat(cli.replayFiles()).containsExactly(coinbase, binance);

    Files.createDirectories(dir.resolve("notes"));
    Files.writeString(dir.resolve("notes/README.md"), "not a recording");
    assertThat(run("--replay", dir.resolve("notes").toString()).err())
        .contains("--replay: " + dir.resolve("notes") + " holds no recording (files named VENUE.*");
  }

  @Test
  void badOptionsStopBeforeAnythingStartsWithTheOptionNamed() {
    assertThat(run("--venues", "BINANCE,FTX").err())
        .contains("--venues: unknown venue FTX (BINANCE, OKX, BYBIT, COINBASE, KRAKEN)");
    assertThat(run("--venues", "OKX").err())
        .contains("--venues: cross-venue spreads need at least two venues");
    assertThat(run("--duration", "0").err()).contains("--duration must be > 0 seconds");
    assertThat(run("--speed", "-1").err()).contains("--speed must be > 0");
    assertThat(run("--replay", "/nonexistent/recording").err())
        .contains("--replay: /nonexistent/recording is not a directory");
    assertThat(run("--speed", "-1").code()).isEqualTo(2);
  }
}
