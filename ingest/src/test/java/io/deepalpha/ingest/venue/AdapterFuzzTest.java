package io.deepalpha.ingest.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.deepalpha.ingest.Recordings;
import io.deepalpha.ingest.recording.RecordedFrame;
import io.deepalpha.ingest.venue.kraken.KrakenProtocol;
import io.deepalpha.ingest.venue.kraken.v2.KrakenV2Frames;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.Venue;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A million mutated and truncated frames per venue, built from the real recordings and mixed with
 * the untouched ones so that the books are live while the mutants arrive: no exception leaves an
 * adapter, every frame is accounted for (an event, a counted skip, or a dead letter), and every
 * dead letter carries a stage, a reason and the exact bytes. Seeded: a failure reproduces.
 */
class AdapterFuzzTest {
  /**
   * Mutants per venue: 200,000 by default (1,000,000 over the five parsers, about half a minute on
   * this machine); {@code -Dfuzz.mutants=1000000} for a million per parser.
   */
  private static final int MUTANTS = Integer.getInteger("fuzz.mutants", 200_000);

  private static final int MAX_SEED_BYTES = 4_096;
  private static final Set<String> STAGES =
      Set.of("decode", "validate", "book", "map", "subscribe");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "BINANCE, permissive/BINANCE.ws.1.0",
    "OKX, permissive/OKX.ws.1.0",
    "BYBIT, agpl/BYBIT.jsonl",
    "COINBASE, agpl/COINBASE.jsonl",
    "KRAKEN, permissive/KRAKEN.ws.50.0",
  })
  void mutatedFramesNeverEscapeAndEveryRejectionIsADeadLetter(Venue venue, String recording) {
    List<byte[]> originals =
        Recordings.read(recording).stream()
            .filter(f -> f.kind() == RecordedFrame.Kind.RECEIVE)
            .map(RecordedFrame::data)
            .toList();
    fuzz(venue, new AdapterSettings(new AnySymbolLookup(8, 8), QuoteSource.BOTH, false), originals);
  }

  /**
   * Kraken WebSocket v2: no recording holds v2 (the recordings are v1), so the originals are a
   * generated session ({@link KrakenV2Frames}: the documented snapshot, updates with their true
   * checksums, trades, acks, heartbeats).
   */
  @Test
  void krakenV2MutatedFramesNeverEscapeAndEveryRejectionIsADeadLetter() {
    fuzz(
        Venue.KRAKEN,
        new AdapterSettings(new AnySymbolLookup(4, 8), QuoteSource.BOTH, false, KrakenProtocol.V2),
        KrakenV2Frames.session(400, 11));
  }

  private static void fuzz(Venue venue, AdapterSettings settings, List<byte[]> originals) {
    // Mutants from the small frames (big snapshots would only slow the run down); the originals,
    // snapshots included, keep arriving in order so that books are live.
    List<byte[]> seeds = originals.stream().filter(d -> d.length <= MAX_SEED_BYTES).toList();
    assertThat(seeds).hasSizeGreaterThan(20);
    VenueAdapter adapter = Adapters.create(venue, settings);
    adapter.onConnect(1);
    CheckingSink sink = new CheckingSink();
    SplittableRandom random =
        new SplittableRandom(venue.ordinal() * 7919L + 17 + settings.krakenProtocol().ordinal());
    int next = 0;
    for (int i = 0; i < MUTANTS; i++) {
      if (i % 4 == 0) {
        feed(adapter, originals.get(next++ % originals.size()), sink);
      }
      feed(adapter, mutate(seeds.get(random.nextInt(seeds.size())), random), sink);
    }
    assertThat(sink.deadLetters).as("mutants rejected").isGreaterThan(MUTANTS / 10);
    assertThat(sink.events).as("frames still normalized").isPositive();
  }

  private static void feed(VenueAdapter adapter, byte[] frame, CheckingSink sink) {
    VenueCounters c = adapter.counters();
    long before = accounted(c) + sink.events + sink.deadLetters;
    sink.current = frame;
    try {
      adapter.onFrame(frame, 1L, sink);
    } catch (RuntimeException e) {
      fail(
          "exception escaped the adapter for "
              + new String(frame, java.nio.charset.StandardCharsets.UTF_8),
          e);
    }
    long after = accounted(c) + sink.events + sink.deadLetters;
    if (after == before) {
      fail(
          "frame neither normalized, counted nor dead-lettered: "
              + new String(frame, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static long accounted(VenueCounters c) {
    return c.control + c.unmapped + c.skippedWhileSyncing + c.bookUpdates;
  }

  static byte[] mutate(byte[] frame, SplittableRandom random) {
    int n = frame.length;
    switch (random.nextInt(7)) {
      case 0 -> {
        return java.util.Arrays.copyOf(frame, random.nextInt(n)); // truncated
      }
      case 1 -> {
        byte[] m = frame.clone();
        m[random.nextInt(n)] = (byte) random.nextInt(256); // any byte, including non-UTF-8
        return m;
      }
      case 2 -> {
        byte[] m = frame.clone();
        int at = random.nextInt(n);
        if (m[at] >= '0' && m[at] <= '9') {
          m[at] = (byte) ('0' + random.nextInt(10)); // a plausible but wrong number
        } else {
          m[at] = (byte) "{}[]\",:.-e0".charAt(random.nextInt(11));
        }
        return m;
      }
      case 3 -> {
        int at = random.nextInt(n);
        byte[] m = new byte[n - 1];
        System.arraycopy(frame, 0, m, 0, at);
        System.arraycopy(frame, at + 1, m, at, n - at - 1);
        return m; // one byte deleted
      }
      case 4 -> {
        int from = random.nextInt(n);
        int len = Math.min(n - from, 1 + random.nextInt(32));
        byte[] m = new byte[n + len];
        System.arraycopy(frame, 0, m, 0, from + len);
        System.arraycopy(frame, from, m, from + len, n - from);
        return m; // a chunk duplicated
      }
      case 5 -> {
        String text = new String(frame, java.nio.charset.StandardCharsets.UTF_8);
        String[] swaps = {
          "\"0\"",
          "\"-1\"",
          "\"\"",
          "null",
          "1e400",
          "\"99999999999999999999\"",
          "[]",
          "{}",
          "\"0.000000000000000001\""
        };
        int quote = text.indexOf('"', random.nextInt(text.length()));
        int end = quote < 0 ? -1 : text.indexOf('"', quote + 1);
        if (end < 0) {
          return java.util.Arrays.copyOf(frame, n / 2);
        }
        return (text.substring(0, quote)
                + swaps[random.nextInt(swaps.length)]
                + text.substring(end + 1))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      default -> {
        return java.util.Arrays.copyOfRange(frame, random.nextInt(n), n); // head cut off
      }
    }
  }

  /** Counts events and checks every dead letter as it arrives. */
  private static final class CheckingSink implements EventSink {
    byte[] current;
    long events;
    long deadLetters;

    // Plain checks, not AssertJ: they run a few million times.
    @Override
    public void onQuote(Quote quote) {
      if (quote.getBidPrice() >= quote.getAskPrice() || quote.getBidPrice() <= 0) {
        fail("quote not a valid BBO: " + quote);
      }
      events++;
    }

    @Override
    public void onTrade(Trade trade) {
      if (trade.getPrice() <= 0 || trade.getSize() <= 0) {
        fail("trade with a non-positive price or size: " + trade);
      }
      events++;
    }

    @Override
    public void onDeadLetter(DeadLetter d) {
      if (!STAGES.contains(d.getStage()) || d.getReason().isBlank()) {
        fail("dead letter without a stage or reason: " + d);
      }
      byte[] raw = new byte[d.getRaw().remaining()];
      d.getRaw().duplicate().get(raw);
      if (!java.util.Arrays.equals(raw, current)) {
        fail("dead letter does not carry the frame's bytes: " + d);
      }
      deadLetters++;
    }
  }
}
