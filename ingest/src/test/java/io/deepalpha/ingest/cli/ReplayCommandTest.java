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
  void replayWithoutOutputOptionFailsWithUsage() {
    assertThat(IngestCli.run("replay", "x.0")).isEqualTo(2);
  }
}
