package io.deepalpha.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.Recordings;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.json.JsonLines;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

  @Test
  void replayWritesNormalizedEventsAsJsonLinesTheModelReadsBack(@TempDir Path dir)
      throws Exception {
    Path coinbase = Recordings.file("agpl/COINBASE.jsonl");
    Path out = dir.resolve("events.jsonl");

    int exit =
        IngestCli.run(
            "replay",
            coinbase.toString(),
            "--to-json",
            out.toString(),
            "--instruments",
            "../configs/instruments.yaml");

    assertThat(exit).isZero();
    List<SpecificRecord> events;
    try (BufferedReader in = Files.newBufferedReader(out)) {
      events = JsonLines.read(in).toList();
    }
    List<Quote> quotes =
        events.stream().filter(Quote.class::isInstance).map(Quote.class::cast).toList();
    List<Trade> trades =
        events.stream().filter(Trade.class::isInstance).map(Trade.class::cast).toList();
    assertThat(quotes)
        .isNotEmpty()
        .allSatisfy(
            q -> {
              assertThat(q.getInstrument()).isIn("BTC-USD", "ETH-USD");
              assertThat(q.getBidPrice()).isLessThan(q.getAskPrice());
              assertThat(q.getExchangeTimeUs())
                  .isBetween(1_786_309_000_000_000L, 1_786_311_000_000_000L);
            });
    assertThat(trades).isNotEmpty();
    assertThat(quotes.size() + trades.size()).isEqualTo(events.size());
    // one connection: sequences 1..n without a gap
    long[] sequences =
        events.stream()
            .mapToLong(e -> e instanceof Quote q ? q.getSequence() : ((Trade) e).getSequence())
            .toArray();
    assertThat(sequences)
        .containsExactly(java.util.stream.LongStream.rangeClosed(1, events.size()).toArray());
  }

  @Test
  void aDirectoryStandsForTheVenueFilesInIt(@TempDir Path dir) throws Exception {
    Path coinbase = Recordings.file("agpl/COINBASE.jsonl");
    Path recordings = Files.createDirectories(dir.resolve("recorded/agpl"));
    Files.copy(coinbase, recordings.resolve("COINBASE.jsonl"));
    Files.writeString(dir.resolve("recorded/README.md"), "not a recording\n");

    Path fromFile = dir.resolve("file.jsonl");
    Path fromDir = dir.resolve("dir.jsonl");
    assertThat(replay(coinbase.toString(), "--to-json", fromFile.toString()).code()).isZero();
    assertThat(replay(dir.resolve("recorded").toString(), "--to-json", fromDir.toString()).code())
        .isZero();

    assertThat(Files.readAllLines(fromDir)).isNotEmpty().isEqualTo(Files.readAllLines(fromFile));
  }

  @Test
  void aMissingFileOrAFileNotNamedAfterAVenueStopsWithUsageNamingIt(@TempDir Path dir)
      throws Exception {
    Path missing = dir.resolve("OKX.ws.1.0");
    CliRun exit = replay(missing.toString(), "--to-json", "-");
    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.err()).contains("FILE " + missing + ": no such file");

    Path notes = Files.writeString(dir.resolve("notes.txt"), "x\n");
    exit = replay(notes.toString(), "--to-json", "-");
    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.err())
        .contains("FILE " + notes + ": the file name does not start with a venue");

    exit = replay(dir.toString(), "--to-json", "-");
    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.err()).contains("a directory with no recording named after a venue");
  }

  @Test
  void aMalformedLineStopsTheReplayNamingFileAndLineWithoutAStackTrace(@TempDir Path dir)
      throws Exception {
    Path bad = Files.writeString(dir.resolve("COINBASE.jsonl"), "\n{\"t\": 1, \"data\": \n");
    Path out = dir.resolve("events.jsonl");
    CliRun exit = replay(bad.toString(), "--to-json", out.toString());
    assertThat(exit.code()).isEqualTo(1);
    assertThat(exit.err()).startsWith("replay: " + bad + ":2: ").doesNotContain("\tat ");
  }

  /** {@code ingest replay ARGS --instruments ../configs/instruments.yaml}. */
  private static CliRun replay(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "replay";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--instruments";
    all[args.length + 2] = "../configs/instruments.yaml";
    return CliRun.capturingErr(all);
  }

  @Test
  void replayWithoutOutputOptionFailsWithUsage() {
    assertThat(IngestCli.run("replay", "x.0")).isEqualTo(2);
  }
}
