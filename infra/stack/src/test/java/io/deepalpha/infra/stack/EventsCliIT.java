package io.deepalpha.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.json.JsonLines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** JSON lines in, binary wire format on the real broker, the same JSON lines out. */
@WithLocalStack
class EventsCliIT {

  @Test
  void publishedJsonLinesComeBackIdenticalFromTail(StackEndpoints stack, @TempDir Path dir)
      throws Exception {
    List<String> lines =
        List.of(JsonLines.toLine(signal("sig-1", 10.5)), JsonLines.toLine(signal("sig-2", 7.25)));
    Path file = Files.write(dir.resolve("signals.jsonl"), lines);

    int published =
        new CommandLine(new EventsCli())
            .execute("publish", "signals", file.toString(), "--bootstrap", stack.kafkaBootstrap());

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int tailed;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      tailed =
          new CommandLine(new EventsCli())
              .execute(
                  "tail",
                  "signals",
                  "--from-beginning",
                  "--max",
                  "2",
                  "--idle-exit",
                  "20",
                  "--bootstrap",
                  stack.kafkaBootstrap());
    } finally {
      System.setOut(stdout);
    }

    assertThat(published).isZero();
    assertThat(tailed).isZero();
    assertThat(captured.toString(StandardCharsets.UTF_8).lines().toList())
        .containsExactlyInAnyOrderElementsOf(lines);
  }

  @Test
  void publishRefusesAnEventOfAnotherTypeThanTheTopicCarries(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    Path file =
        Files.write(dir.resolve("wrong.jsonl"), List.of(JsonLines.toLine(signal("sig-x", 1))));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = EventsCli.commandLine();
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));

    int exit =
        cli.execute(
            "publish", "exec.fills", file.toString(), "--bootstrap", stack.kafkaBootstrap());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("exec.fills carries fill events, not Signal");
  }

  @Test
  void publishCountsWhatTheProducerCouldNotSendAndDoesNotCallItPublished(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    // The second is over the producer's 1 MB request limit: refused in the send's callback.
    Path file =
        Files.write(
            dir.resolve("signals.jsonl"),
            List.of(
                JsonLines.toLine(signal("sig-ok", 3)),
                JsonLines.toLine(signal("sig-" + "x".repeat(2 << 20), 3))));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    int exit;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit =
          EventsCli.commandLine()
              .execute(
                  "publish", "signals", file.toString(), "--bootstrap", stack.kafkaBootstrap());
    } finally {
      System.setErr(stderr);
    }

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("error: 1 of 2 events were not published to signals: ")
        .contains("RecordTooLargeException")
        .doesNotContain("published 2 events");
  }

  private static Signal signal(String id, double netBps) {
    return Signal.newBuilder()
        .setSignalId(id)
        .setInstrument("ETH-USDT")
        .setEventTimeUs(1_763_769_600_000_000L)
        .setBuyVenue(Venue.OKX)
        .setSellVenue(Venue.BYBIT)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBuyPrice(30_214_500L)
        .setSellPrice(30_231_000L)
        .setQty(150_000_000L)
        .setGrossBps(netBps + 4)
        .setNetBps(netBps)
        .setBuyQuoteTimeUs(1_763_769_599_990_000L)
        .setSellQuoteTimeUs(1_763_769_600_000_000L)
        .setBuyQuoteReceiveNs(1_763_769_599_991_000_000L)
        .setSellQuoteReceiveNs(1_763_769_600_001_200_000L)
        .setConfigVersion(12)
        .build();
  }
}
