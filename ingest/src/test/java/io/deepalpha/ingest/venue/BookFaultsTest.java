package io.deepalpha.ingest.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.CollectingSink;
import io.deepalpha.ingest.book.Checksums;
import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Each book fault of each venue is detected, counted, makes the book invalid, asks for a resync,
 * publishes nothing while broken, and a new snapshot recovers.
 */
class BookFaultsTest {
  private static final long T0 = 1_700_000_000_000_000_000L;
  private final CollectingSink sink = new CollectingSink();

  private static VenueAdapter adapter(Venue venue) {
    VenueAdapter adapter =
        Adapters.create(
            venue,
            new AdapterSettings(
                new RegistryLookup(InstrumentRegistry.loadDefault()), QuoteSource.BOOK, false));
    adapter.onConnect(7);
    return adapter;
  }

  private void frame(VenueAdapter adapter, String json) {
    adapter.onFrame(json.getBytes(StandardCharsets.UTF_8), T0, sink);
  }

  @Test
  void binanceDepthGapInvalidatesTheBookUntilTheNextSnapshot() {
    VenueAdapter binance = adapter(Venue.BINANCE);
    frame(binance, depth(100, 101, "43000.10", "43000.20"));
    assertThat(sink.resyncs).singleElement().asString().contains("BTCUSDT");
    binance.onSnapshot(
        "BTCUSDT",
        """
        {"lastUpdateId":100,"bids":[["43000.00","1"]],"asks":[["43001.00","1"]]}"""
            .getBytes(StandardCharsets.UTF_8),
        T0,
        sink);
    assertThat(binance.book("BTCUSDT").valid()).isTrue();
    assertThat(sink.quotes).hasSize(1); // the buffered diff 100..101 applied on the snapshot
    assertThat(sink.quotes.get(0).getBidPrice()).isEqualTo(430001000L);

    frame(binance, depth(105, 106, "43000.30", "43000.40")); // 102..104 missing

    assertThat(binance.counters().gaps).isEqualTo(1);
    assertThat(binance.book("BTCUSDT").valid()).isFalse();
    assertThat(sink.resyncs).hasSize(2);
    frame(binance, depth(107, 107, "43000.50", "43000.60"));
    assertThat(sink.quotes).hasSize(1);

    binance.onSnapshot(
        "BTCUSDT",
        """
        {"lastUpdateId":106,"bids":[["43000.00","1"]],"asks":[["43001.00","1"]]}"""
            .getBytes(StandardCharsets.UTF_8),
        T0,
        sink);
    assertThat(binance.book("BTCUSDT").valid()).isTrue();
    assertThat(sink.quotes).hasSize(2);
    assertThat(sink.quotes.get(1).getBidPrice()).isEqualTo(430005000L);
    assertThat(sink.deadLetters).isEmpty();
  }

  private static String depth(long first, long last, String bid, String ask) {
    return "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1700000000000,"
        + "\"s\":\"BTCUSDT\",\"U\":"
        + first
        + ",\"u\":"
        + last
        + ",\"b\":[[\""
        + bid
        + "\",\"2\"]],\"a\":[[\""
        + ask
        + "\",\"2\"]]}}";
  }

  @Test
  void okxChecksumMismatchIsADeadLetterAndStopsQuotesUntilTheNextSnapshot() {
    VenueAdapter okx = adapter(Venue.OKX);
    frame(okx, okxBook("snapshot", "43000.1", "43000.5", 0));
    assertThat(sink.quotes).hasSize(1);

    frame(okx, okxBook("update", "43000.2", "43000.4", 12345));

    assertThat(okx.counters().checksumMismatches).isEqualTo(1);
    assertThat(sink.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getStage()).isEqualTo("book");
              assertThat(d.getReason()).contains("checksum mismatch");
              assertThat(d.getSource()).isEqualTo("OKX");
            });
    assertThat(okx.book("BTC-USDT").valid()).isFalse();
    frame(okx, okxBook("update", "43000.3", "43000.35", 0));
    assertThat(sink.quotes).hasSize(1);
    assertThat(okx.counters().skippedWhileSyncing).isEqualTo(1);

    frame(okx, okxBook("snapshot", "43000.1", "43000.5", 0));
    assertThat(sink.quotes).hasSize(2);
  }

  @Test
  void okxSeqIdGapIsDetected() {
    VenueAdapter okx = adapter(Venue.OKX);
    frame(okx, okxSeq("snapshot", -1, 10, "43000.1"));
    frame(okx, okxSeq("update", 10, 15, "43000.2"));
    frame(okx, okxSeq("update", 15, 15, "43000.2")); // the venue's no-change heartbeat
    frame(okx, okxSeq("update", 16, 20, "43000.3"));
    assertThat(okx.counters().gaps).isEqualTo(1);
    assertThat(sink.deadLetterReasons()).singleElement().asString().contains("seqId gap");
    assertThat(sink.quotes).hasSize(2);
  }

  @Test
  void okxCorrectChecksumIsCountedAsVerified() {
    VenueAdapter okx = adapter(Venue.OKX);
    OrderBook expected = new OrderBook();
    expected.startSnapshot();
    expected.set(true, 430001000L, 100000000L);
    expected.set(false, 430005000L, 100000000L);
    int checksum = new Checksums().okx(expected, 4, 8);
    frame(okx, okxBook("snapshot", "43000.1", "43000.5", checksum));
    assertThat(okx.counters().checksumsVerified).isEqualTo(1);
    assertThat(sink.deadLetters).isEmpty();
  }

  private static String okxBook(String action, String bid, String ask, int checksum) {
    return "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\""
        + action
        + "\",\"data\":[{\"asks\":[[\""
        + ask
        + "\",\"1\",\"0\",\"1\"]],\"bids\":[[\""
        + bid
        + "\",\"1\",\"0\",\"1\"]],\"ts\":\"1700000000000\",\"checksum\":"
        + checksum
        + "}]}";
  }

  private static String okxSeq(String action, long prev, long seq, String bid) {
    return "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\""
        + action
        + "\",\"data\":[{\"asks\":[[\"43001\",\"1\",\"0\",\"1\"]],\"bids\":[[\""
        + bid
        + "\",\"1\",\"0\",\"1\"]],\"ts\":\"1700000000000\",\"checksum\":0,\"prevSeqId\":"
        + prev
        + ",\"seqId\":"
        + seq
        + "}]}";
  }

  @Test
  void bybitUpdateIdGapAndCrossedBookAreDetected() {
    VenueAdapter bybit = adapter(Venue.BYBIT);
    frame(bybit, bybitBook("snapshot", 1, "43000.1", "43000.5"));
    frame(bybit, bybitBook("delta", 2, "43000.2", "43000.5"));
    frame(bybit, bybitBook("delta", 4, "43000.3", "43000.5"));
    assertThat(bybit.counters().gaps).isEqualTo(1);
    assertThat(bybit.book("BTCUSDT").valid()).isFalse();
    frame(bybit, bybitBook("snapshot", 10, "43000.1", "43000.5"));
    frame(bybit, bybitBook("delta", 11, "43000.9", "43000.5")); // bid above ask
    assertThat(bybit.counters().crossedBooks).isEqualTo(1);
    assertThat(sink.quotes)
        .extracting(q -> q.getBidPrice())
        .containsExactly(430001000L, 430002000L, 430001000L);
    assertThat(sink.deadLetterReasons()).hasSize(2);
    assertThat(sink.resyncs).hasSize(2);
  }

  private static String bybitBook(String type, long u, String bid, String ask) {
    return "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\""
        + type
        + "\",\"ts\":1700000000000,\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\""
        + bid
        + "\",\"1\"]],\"a\":[[\""
        + ask
        + "\",\"1\"]],\"u\":"
        + u
        + ",\"seq\":1},\"cts\":1}";
  }

  @Test
  void krakenBadChecksumInvalidatesTheBook() {
    VenueAdapter kraken = adapter(Venue.KRAKEN);
    frame(
        kraken,
        "[336,{\"as\":[[\"43001.00000\",\"1.00000000\",\"1700000000.000001\"]],"
            + "\"bs\":[[\"43000.00000\",\"1.00000000\",\"1700000000.000001\"]]},\"book-10\",\"XBT/USDT\"]");
    frame(
        kraken,
        "[336,{\"a\":[[\"43000.50000\",\"1.00000000\",\"1700000000.000002\"]],"
            + "\"c\":\"1\"},\"book-10\",\"XBT/USDT\"]");
    assertThat(kraken.counters().checksumMismatches).isEqualTo(1);
    assertThat(kraken.book("XBT/USDT").valid()).isFalse();
    assertThat(sink.quotes).hasSize(1);
    assertThat(sink.quotes.get(0).getInstrument()).isEqualTo("BTC-USDT");
  }

  @Test
  void coinbaseSequenceNumGapInvalidatesEveryBookOfTheConnection() {
    VenueAdapter coinbase = adapter(Venue.COINBASE);
    frame(coinbase, coinbaseL2(0, "snapshot", "65000.00", "65000.50"));
    frame(coinbase, coinbaseL2(1, "update", "65000.10", "65000.50"));
    frame(coinbase, coinbaseL2(3, "update", "65000.20", "65000.50"));
    assertThat(coinbase.counters().gaps).isEqualTo(1);
    assertThat(coinbase.book("BTC-USD").valid()).isFalse();
    assertThat(sink.quotes).hasSize(2);
    frame(coinbase, coinbaseL2(4, "snapshot", "65000.00", "65000.50"));
    assertThat(coinbase.book("BTC-USD").valid()).isTrue();
    assertThat(sink.quotes).hasSize(3);
  }

  private static String coinbaseL2(long seq, String type, String bid, String ask) {
    return "{\"channel\":\"l2_data\",\"timestamp\":\"2026-08-09T21:05:48.483587501Z\","
        + "\"sequence_num\":"
        + seq
        + ",\"events\":[{\"type\":\""
        + type
        + "\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"bid\",\"event_time\":"
        + "\"2026-08-09T21:05:48.170326Z\",\"price_level\":\""
        + bid
        + "\",\"new_quantity\":\"1\"},"
        + "{\"side\":\"offer\",\"event_time\":\"2026-08-09T21:05:48.170326Z\",\"price_level\":\""
        + ask
        + "\",\"new_quantity\":\"1\"}]}]}";
  }
}
