package io.deepalpha.ingest.venue.kraken.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.CollectingSink;
import io.deepalpha.ingest.book.Checksums;
import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.Adapters;
import io.deepalpha.ingest.venue.AnySymbolLookup;
import io.deepalpha.ingest.venue.QuoteSource;
import io.deepalpha.ingest.venue.RegistryLookup;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.ingest.venue.kraken.KrakenProtocol;
import io.deepalpha.model.FixedPoint;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Kraken WebSocket v2 frames: the documented snapshot of FACTS.md §3 (checksum 3310070434) with its
 * values as JSON numbers, updates checked against the checksum of the expected book, truncation to
 * the subscribed depth, trades, acks and control frames, and broken or malformed frames.
 */
class KrakenV2AdapterTest {
  private static final long RECEIVED_NS = 1_700_000_000_123_456_789L;
  private static final String DOC_TIME = "2023-10-06T17:35:55.440295Z";
  private static final long DOC_TIME_US =
      Instant.parse(DOC_TIME).getEpochSecond() * 1_000_000 + 440_295;

  /** FACTS.md §3 v2 worked example, as v2 sends it: JSON numbers in their shortest form. */
  static final String DOC_SNAPSHOT =
      """
      {"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[\
      {"price":45283.5,"qty":0.1},{"price":45283.4,"qty":1.54582015},\
      {"price":45282.1,"qty":0.1},{"price":45281.0,"qty":0.1},\
      {"price":45280.3,"qty":1.54592586},{"price":45279.0,"qty":0.0799},\
      {"price":45277.6,"qty":0.03310103},{"price":45277.5,"qty":0.3},\
      {"price":45277.3,"qty":1.54602737},{"price":45276.6,"qty":0.15445238}],"asks":[\
      {"price":45285.2,"qty":0.001},{"price":45286.4,"qty":1.54571953},\
      {"price":45286.6,"qty":1.54571109},{"price":45289.6,"qty":1.54560911},\
      {"price":45290.2,"qty":0.1589066},{"price":45291.8,"qty":1.54553491},\
      {"price":45294.7,"qty":0.04454749},{"price":45296.1,"qty":0.3538},\
      {"price":45297.5,"qty":0.09945542},{"price":45299.5,"qty":0.18772827}],\
      "checksum":3310070434,"timestamp":"2023-10-06T17:35:55.440295Z"}]}""";

  private final CollectingSink sink = new CollectingSink();
  private final VenueAdapter adapter =
      Adapters.create(
          Venue.KRAKEN,
          new AdapterSettings(new AnySymbolLookup(4, 8), QuoteSource.BOOK, false)
              .withKrakenProtocol(KrakenProtocol.V2));

  KrakenV2AdapterTest() {
    adapter.onConnect(42);
  }

  private void frame(String json) {
    adapter.onFrame(json.getBytes(StandardCharsets.UTF_8), RECEIVED_NS, sink);
  }

  private static long p(String price) {
    return FixedPoint.parse(price, 4);
  }

  private static long q(String qty) {
    return FixedPoint.parse(qty, 8);
  }

  /** The checksum Kraken sends for {@code book}: BTC/USD precision 1 (price), 8 (qty). */
  private static long krakenChecksum(OrderBook book) {
    return new Checksums().kraken(book, 4, 8, 1, 8);
  }

  private static String update(String side, String price, String qty, long checksum) {
    return "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\""
        + side
        + "\":[{\"price\":"
        + price
        + ",\"qty\":"
        + qty
        + "}],\""
        + (side.equals("bids") ? "asks" : "bids")
        + "\":[],\"checksum\":"
        + checksum
        + ",\"timestamp\":\"2023-10-06T17:35:56.000001Z\"}]}";
  }

  @Test
  void documentedSnapshotVerifiesAndQuotesItsTopAtTheVenueTime() {
    frame(DOC_SNAPSHOT);

    assertThat(sink.deadLetterReasons()).isEmpty();
    assertThat(adapter.counters().checksumsVerified).isEqualTo(1);
    assertThat(adapter.book("BTC/USD").valid()).isTrue();
    assertThat(sink.quotes).singleElement();
    var quote = sink.quotes.get(0);
    assertThat(quote.getInstrument()).isEqualTo("BTC/USD");
    assertThat(quote.getVenueSymbol()).isEqualTo("BTC/USD");
    assertThat(quote.getBidPrice()).isEqualTo(p("45283.5"));
    assertThat(quote.getBidSize()).isEqualTo(q("0.1"));
    assertThat(quote.getAskPrice()).isEqualTo(p("45285.2"));
    assertThat(quote.getAskSize()).isEqualTo(q("0.001"));
    assertThat(quote.getExchangeTimeUs()).isEqualTo(DOC_TIME_US);
    assertThat(quote.getTimeSource()).isEqualTo(TimeSource.EXCHANGE);
    assertThat(quote.getConnectionId()).isEqualTo(42);
    assertThat(quote.getSequence()).isEqualTo(1);
  }

  @Test
  void updatesOfASnapshotBuiltBookVerifyAndMoveTheQuote() {
    frame(DOC_SNAPSHOT);
    OrderBook expected = copy(adapter.book("BTC/USD"));

    expected.set(true, p("45283.5"), q("0.25"));
    frame(update("bids", "45283.5", "0.25", krakenChecksum(expected)));
    expected.set(false, p("45285.2"), 0); // best ask removed
    frame(update("asks", "45285.2", "0", krakenChecksum(expected)));
    expected.set(true, p("45284.0"), q("0.5")); // a new best bid
    expected.bids().truncate(10);
    frame(update("bids", "45284.0", "0.5", krakenChecksum(expected)));

    assertThat(sink.deadLetterReasons()).isEmpty();
    assertThat(adapter.counters().checksumsVerified).isEqualTo(4);
    assertThat(adapter.counters().checksumMismatches).isZero();
    assertThat(sink.quotes).hasSize(4);
    var last = sink.quotes.get(3);
    assertThat(last.getBidPrice()).isEqualTo(p("45284.0"));
    assertThat(last.getBidSize()).isEqualTo(q("0.5"));
    assertThat(last.getAskPrice()).isEqualTo(p("45286.4"));
    assertThat(last.getExchangeTimeUs())
        .isEqualTo(Instant.parse("2023-10-06T17:35:56Z").getEpochSecond() * 1_000_000 + 1);
  }

  @Test
  void aLevelPushedBelowTheSubscribedDepthIsDroppedWithoutADelete() {
    frame(DOC_SNAPSHOT);
    OrderBook expected = copy(adapter.book("BTC/USD"));
    expected.set(true, p("45284.0"), q("0.5"));
    expected.bids().truncate(KrakenV2Adapter.DEPTH);

    frame(update("bids", "45284.0", "0.5", krakenChecksum(expected)));

    OrderBook book = adapter.book("BTC/USD");
    assertThat(book.bids().depth()).isEqualTo(10);
    assertThat(book.bids().price(9)).isEqualTo(p("45277.3")); // 45276.6 fell out of scope
    assertThat(adapter.counters().checksumsVerified).isEqualTo(2);
  }

  @Test
  void checksumMismatchInvalidatesTheBookAsksAResyncAndPublishesNothingUntilASnapshot() {
    frame(DOC_SNAPSHOT);
    OrderBook expected = copy(adapter.book("BTC/USD"));
    expected.set(true, p("45283.5"), q("0.25"));
    long good = krakenChecksum(expected);

    frame(update("bids", "45283.5", "0.25", (good + 1) & 0xffffffffL));

    assertThat(adapter.counters().checksumMismatches).isEqualTo(1);
    assertThat(adapter.counters().resyncs).isEqualTo(1);
    assertThat(adapter.book("BTC/USD").valid()).isFalse();
    assertThat(sink.resyncs).singleElement().asString().startsWith("BTC/USD: checksum mismatch");
    assertThat(sink.deadLetters).singleElement();
    assertThat(sink.deadLetters.get(0).getStage()).isEqualTo("book");
    assertThat(sink.quotes).hasSize(1); // the snapshot's only

    frame(update("bids", "45283.4", "2", 1));
    assertThat(adapter.counters().skippedWhileSyncing).isEqualTo(1);
    assertThat(sink.quotes).hasSize(1);

    frame(DOC_SNAPSHOT);
    assertThat(adapter.book("BTC/USD").valid()).isTrue();
    assertThat(sink.quotes).hasSize(2);
  }

  @Test
  void anUpdateBeforeAnySnapshotIsSkippedNotApplied() {
    // FACTS.md §7's documented update: its checksum covers a book we never saw.
    frame(
        """
        {"channel":"book","type":"update","data":[{"symbol":"MATIC/USD","bids":\
        [{"price":0.5657,"qty":1098.3947558}],"asks":[],"checksum":2114181697,\
        "timestamp":"2023-10-06T17:35:55.440295Z"}]}""");
    assertThat(adapter.counters().skippedWhileSyncing).isEqualTo(1);
    assertThat(sink.quotes).isEmpty();
    assertThat(sink.deadLetters).isEmpty();
  }

  @Test
  void tradesCarryPriceQtySideIdAndTheVenueTime() {
    frame(
        """
        {"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy",\
        "price":45285.2,"qty":0.00123,"ord_type":"market","trade_id":4665846,\
        "timestamp":"2023-10-06T17:35:55.440295Z"},{"symbol":"BTC/USD","side":"sell",\
        "price":45283.5,"qty":2,"ord_type":"limit","trade_id":4665847,\
        "timestamp":"2023-10-06T17:35:55.440296Z"}]}""");

    assertThat(sink.deadLetterReasons()).isEmpty();
    assertThat(sink.trades).hasSize(2);
    var first = sink.trades.get(0);
    assertThat(first.getPrice()).isEqualTo(p("45285.2"));
    assertThat(first.getSize()).isEqualTo(q("0.00123"));
    assertThat(first.getTakerSide()).isEqualTo(Side.BUY);
    assertThat(first.getTradeId()).isEqualTo("4665846");
    assertThat(first.getExchangeTimeUs()).isEqualTo(DOC_TIME_US);
    assertThat(sink.trades.get(1).getTakerSide()).isEqualTo(Side.SELL);
    assertThat(sink.trades.get(1).getSize()).isEqualTo(q("2"));
  }

  @Test
  void tradeSnapshotsFromBeforeTheSubscriptionAreNotRepublished() {
    frame(
        """
        {"channel":"trade","type":"snapshot","data":[{"symbol":"BTC/USD","side":"buy",\
        "price":45285.2,"qty":0.1,"ord_type":"market","trade_id":1,\
        "timestamp":"2023-10-06T17:35:55.440295Z"}]}""");
    assertThat(sink.trades).isEmpty();
    assertThat(adapter.counters().control).isEqualTo(1);
  }

  @Test
  void acksHeartbeatsStatusAndPongsAreControlFrames() {
    frame(
        """
        {"method":"subscribe","result":{"channel":"book","depth":10,"snapshot":true,\
        "symbol":"BTC/USD"},"success":true,"time_in":"2023-10-06T17:35:55.000000Z",\
        "time_out":"2023-10-06T17:35:55.000100Z"}""");
    frame("{\"channel\":\"heartbeat\"}");
    frame(
        """
        {"channel":"status","type":"update","data":[{"api_version":"v2",\
        "connection_id":12893477372709419521,"system":"online","version":"2.0.0"}]}""");
    frame("{\"method\":\"pong\",\"time_in\":\"x\",\"time_out\":\"y\"}");

    assertThat(adapter.counters().control).isEqualTo(4);
    assertThat(sink.deadLetters).isEmpty();
  }

  @Test
  void aRefusedSubscriptionIsCountedAndDeadLetteredWithTheVenueError() {
    frame(
        """
        {"error":"Currency pair not supported XBT/USDX","method":"subscribe","success":false,\
        "symbol":"XBT/USDX","time_in":"2023-10-06T17:35:55.000000Z",\
        "time_out":"2023-10-06T17:35:55.000100Z"}""");

    assertThat(adapter.counters().subscriptionErrors).isEqualTo(1);
    assertThat(sink.deadLetterReasons())
        .containsExactly("subscribe: subscribe refused: Currency pair not supported XBT/USDX");
  }

  @Test
  void malformedOrTruncatedFramesBecomeDeadLettersWithTheirReason() {
    String[] bad = {
      DOC_SNAPSHOT.substring(0, DOC_SNAPSHOT.length() / 2),
      "[1,2,3]",
      "{\"type\":\"update\"}",
      "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[]}]}",
      "{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"BTC/USD\","
          + "\"bids\":[{\"price\":1}],\"asks\":[],\"checksum\":1}]}",
      "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\","
          + "\"side\":\"buy\",\"price\":1,\"qty\":1,\"trade_id\":1,\"timestamp\":\"yesterday\"}]}",
      "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\","
          + "\"side\":\"up\",\"price\":1,\"qty\":1,\"trade_id\":1,"
          + "\"timestamp\":\"2023-10-06T17:35:55Z\"}]}",
      "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\","
          + "\"bids\":[],\"asks\":[],\"checksum\":-5}]}",
      "{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"BTC/USD\","
          + "\"bids\":[{\"price\":1.123456789,\"qty\":1}],\"asks\":[],\"checksum\":1}]}",
    };
    for (String frame : bad) {
      frame(frame);
    }

    assertThat(sink.deadLetters).hasSize(bad.length);
    assertThat(sink.deadLetters)
        .allSatisfy(
            d -> {
              assertThat(d.getReason()).isNotBlank();
              assertThat(d.getStage()).isIn("decode", "validate", "book");
            });
    assertThat(sink.deadLetterReasons())
        .contains(
            "decode: object without channel or method",
            "decode: book entry without symbol or checksum",
            "decode: level without price or qty",
            "validate: side up",
            "decode: checksum: not an unsigned 32-bit integer");
    assertThat(sink.quotes).isEmpty();
    assertThat(sink.trades).isEmpty();
  }

  @Test
  void configuredSymbolsMapToTheCanonicalInstrument() {
    VenueAdapter registered =
        Adapters.create(
            Venue.KRAKEN,
            new AdapterSettings(
                new RegistryLookup(InstrumentRegistry.loadDefault()),
                QuoteSource.BOOK,
                false,
                KrakenProtocol.V2));
    registered.onConnect(1);
    registered.onFrame(DOC_SNAPSHOT.getBytes(StandardCharsets.UTF_8), RECEIVED_NS, sink);
    assertThat(sink.quotes).singleElement();
    assertThat(sink.quotes.get(0).getInstrument()).isEqualTo("BTC-USD");
    assertThat(sink.quotes.get(0).getVenueSymbol()).isEqualTo("BTC/USD");
    assertThat(registered.apiVersion()).isEqualTo(2);
  }

  private static OrderBook copy(OrderBook book) {
    OrderBook copy = new OrderBook();
    copy.startSnapshot();
    for (int i = 0; i < book.bids().depth(); i++) {
      copy.set(true, book.bids().price(i), book.bids().size(i));
    }
    for (int i = 0; i < book.asks().depth(); i++) {
      copy.set(false, book.asks().price(i), book.asks().size(i));
    }
    return copy;
  }

  @Test
  void tickerQuotesOnlyWhenTheTickerIsTheQuoteSource() {
    String ticker =
        """
        {"channel":"ticker","type":"snapshot","data":[{"symbol":"BTC/USD","bid":105944.20,\
        "bid_qty":2.5,"ask":105944.30,"ask_qty":3.2,"last":105899.40,"volume":163.28908096,\
        "vwap":105904.39279,"low":104711.00,"high":106613.10,"change":250.00,"change_pct":0.24,\
        "timestamp":"2022-12-25T09:30:59.123456Z"}]}""";
    frame(ticker); // the default adapter of this test quotes from the book
    assertThat(sink.quotes).isEmpty();
    assertThat(adapter.counters().control).isEqualTo(1);

    VenueAdapter fromTicker =
        Adapters.create(
            Venue.KRAKEN,
            new AdapterSettings(
                new AnySymbolLookup(4, 8), QuoteSource.TICKER, false, KrakenProtocol.V2));
    fromTicker.onConnect(1);
    fromTicker.onFrame(ticker.getBytes(StandardCharsets.UTF_8), RECEIVED_NS, sink);

    assertThat(sink.deadLetterReasons()).isEmpty();
    assertThat(sink.quotes).singleElement();
    var quote = sink.quotes.get(0);
    assertThat(quote.getBidPrice()).isEqualTo(p("105944.2"));
    assertThat(quote.getBidSize()).isEqualTo(q("2.5"));
    assertThat(quote.getAskPrice()).isEqualTo(p("105944.3"));
    assertThat(quote.getAskSize()).isEqualTo(q("3.2"));
    assertThat(quote.getExchangeTimeUs())
        .isEqualTo(Instant.parse("2022-12-25T09:30:59Z").getEpochSecond() * 1_000_000 + 123_456);
  }
}
