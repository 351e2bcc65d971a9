package io.deepalpha.ingest.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepalpha.ingest.CollectingSink;
import io.deepalpha.ingest.Recordings;
import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.ingest.recording.RecordedFrame;
import io.deepalpha.ingest.replay.Replayer;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.AnySymbolLookup;
import io.deepalpha.ingest.venue.QuoteSource;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.ingest.venue.VenueCounters;
import io.deepalpha.ingest.venue.binance.BinanceAdapter;
import io.deepalpha.model.FixedPoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The acceptance checks of the ingest issue on the real recordings in ../shared/data/venues: every
 * symbol is accepted (scale 10) so that every book of the recordings is exercised.
 */
class RecordedSessionsConformanceTest {
  private static final int SCALE = 10;
  private static final int SIZE_SCALE = 8;

  private static Replayer replayer(QuoteSource source) {
    return replayer(source, SCALE);
  }

  private static Replayer replayer(QuoteSource source, int priceScale) {
    return new Replayer(
        new AdapterSettings(new AnySymbolLookup(priceScale, SIZE_SCALE), source, false),
        source,
        RecordedFrame::venueOfFile);
  }

  private static VenueCounters total(Replayer replayer) {
    VenueCounters total = new VenueCounters();
    for (VenueAdapter a : replayer.adapters().values()) {
      VenueCounters c = a.counters();
      total.frames += c.frames;
      total.quotes += c.quotes;
      total.trades += c.trades;
      total.gaps += c.gaps;
      total.deadLetters += c.deadLetters;
      total.checksumMismatches += c.checksumMismatches;
      total.checksumsVerified += c.checksumsVerified;
      total.crossedBooks += c.crossedBooks;
      total.unmapped += c.unmapped;
    }
    return total;
  }

  private static long receivedLinesContaining(List<RecordedFrame> frames, String... needles) {
    return frames.stream()
        .filter(f -> f.kind() == RecordedFrame.Kind.RECEIVE)
        .map(RecordedFrame::text)
        .filter(t -> java.util.Arrays.stream(needles).allMatch(t::contains))
        .count();
  }

  @Test
  void binanceBooksSyncWithRestSnapshotsWithoutAGap() {
    List<RecordedFrame> frames =
        Recordings.read("permissive/BINANCE.ws.1.0", "permissive/BINANCE.http.0.0");
    Replayer replayer = replayer(QuoteSource.BOTH);
    TopOfBookCheckingSink sink = new TopOfBookCheckingSink(replayer);
    replayer.replay(frames, sink);

    VenueCounters c = total(replayer);
    assertThat(sink.deadLetterReasons()).isEmpty();
    assertThat(c.gaps).isZero();
    assertThat(c.crossedBooks).isZero();
    BinanceAdapter binance = (BinanceAdapter) replayer.adapters().get("BINANCE.ws.1.0");
    for (String symbol : List.of("NKNUSDT", "BLZETH", "LRCBTC", "RUNEEUR")) {
      assertThat(binance.bookUpdateId(symbol)).as(symbol + " in sync").isPositive();
    }
    assertThat(sink.trades).isNotEmpty();
    assertThat(sink.bookQuotesChecked).isPositive();
  }

  @Test
  void binanceBookTickerEqualsTheTopOfTheDepthBookAtTheSameUpdateId() throws Exception {
    List<RecordedFrame> frames =
        Recordings.read("permissive/BINANCE.ws.1.0", "permissive/BINANCE.http.0.0");
    Replayer replayer = replayer(QuoteSource.TICKER);
    ObjectMapper json = new ObjectMapper();
    // bookTicker is tick by tick, depth batched per 100 ms: a ticker's update id u is compared
    // with the book when (later) a depth batch ends exactly at that u.
    Map<String, Map<Long, JsonNode>> tickers = new HashMap<>();
    int compared = 0;
    for (RecordedFrame frame : frames) {
      replayer.replay(frame, new CollectingSink());
      if (frame.kind() != RecordedFrame.Kind.RECEIVE) {
        continue;
      }
      JsonNode data = json.readTree(frame.data()).get("data");
      String symbol = data.get("s").asText();
      if (frame.text().contains("@bookTicker")) {
        tickers.computeIfAbsent(symbol, k -> new HashMap<>()).put(data.get("u").asLong(), data);
      }
      BinanceAdapter binance = (BinanceAdapter) replayer.adapters().get(frame.connection());
      JsonNode ticker = tickers.getOrDefault(symbol, Map.of()).get(binance.bookUpdateId(symbol));
      if (ticker == null) {
        continue;
      }
      OrderBook book = binance.book(symbol);
      assertThat(book.bids().price(0)).isEqualTo(parse(ticker, "b", SCALE));
      assertThat(book.bids().size(0)).isEqualTo(parse(ticker, "B", SIZE_SCALE));
      assertThat(book.asks().price(0)).isEqualTo(parse(ticker, "a", SCALE));
      assertThat(book.asks().size(0)).isEqualTo(parse(ticker, "A", SIZE_SCALE));
      compared++;
    }
    assertThat(compared).as("bookTickers at a depth batch's last update id").isGreaterThan(3);
  }

  private static long parse(JsonNode node, String field, int scale) {
    return FixedPoint.parse(node.get(field).asText(), scale);
  }

  @Test
  void okxChecksumsVerifyOnEveryBooksMessage() {
    List<RecordedFrame> frames = Recordings.read("permissive/OKX.ws.1.0");
    Replayer replayer = replayer(QuoteSource.BOOK);
    TopOfBookCheckingSink sink = new TopOfBookCheckingSink(replayer);
    replayer.replay(frames, sink);

    VenueCounters c = total(replayer);
    assertThat(sink.deadLetterReasons()).isEmpty();
    assertThat(c.checksumMismatches).isZero();
    assertThat(c.checksumsVerified)
        .isEqualTo(receivedLinesContaining(frames, "\"channel\":\"books\"", "\"checksum\""))
        .isEqualTo(290);
    assertThat(sink.bookQuotesChecked).isPositive();
    assertThat(sink.trades).hasSize((int) receivedLinesContaining(frames, "\"tradeId\""));
  }

  @Test
  void krakenChecksumsVerifyOnEveryBookUpdate() {
    List<RecordedFrame> frames =
        Recordings.read(
            "permissive/KRAKEN.ws.48.0", "permissive/KRAKEN.ws.49.0", "permissive/KRAKEN.ws.50.0");
    // Someone's ask at 9999999997 does not fit scale 10; 8 still holds every Kraken tick.
    Replayer replayer = replayer(QuoteSource.BOOK, 8);
    TopOfBookCheckingSink sink = new TopOfBookCheckingSink(replayer);
    replayer.replay(frames, sink);

    VenueCounters c = total(replayer);
    assertThat(sink.deadLetterReasons()).isEmpty();
    assertThat(c.checksumMismatches).isZero();
    assertThat(c.checksumsVerified)
        .isEqualTo(receivedLinesContaining(frames, "\"c\":\""))
        .isEqualTo(4269);
    assertThat(sink.bookQuotesChecked).isPositive();
    assertThat(sink.trades).isNotEmpty();
  }

  @Test
  void bybitOrderbookUpdateIdsAreContinuous() {
    List<RecordedFrame> frames =
        Recordings.read("agpl/BYBIT.jsonl", "permissive/BYBIT.ws.1.0", "permissive/BYBIT.ws.2.0");
    Replayer replayer = replayer(QuoteSource.BOOK);
    TopOfBookCheckingSink sink = new TopOfBookCheckingSink(replayer);
    replayer.replay(frames, sink);

    VenueCounters c = total(replayer);
    assertThat(sink.deadLetterReasons()).isEmpty();
    assertThat(c.gaps).isZero();
    assertThat(c.crossedBooks).isZero();
    assertThat(sink.bookQuotesChecked).isPositive();
    assertThat(sink.trades).isNotEmpty();
    for (VenueAdapter adapter : replayer.adapters().values()) {
      for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
        OrderBook book = adapter.book(symbol);
        if (book != null) {
          assertThat(book.valid()).isTrue();
          assertThat(book.bids().depth()).isGreaterThan(100);
        }
      }
    }
  }

  @Test
  void coinbaseAdvancedTradeSequenceNumbersAreContinuous() {
    List<RecordedFrame> frames = Recordings.read("agpl/COINBASE.jsonl");
    Replayer replayer = replayer(QuoteSource.BOOK);
    TopOfBookCheckingSink sink = new TopOfBookCheckingSink(replayer);
    replayer.replay(frames, sink);

    VenueCounters c = total(replayer);
    assertThat(sink.deadLetterReasons()).isEmpty();
    assertThat(c.gaps).isZero();
    assertThat(c.crossedBooks).isZero();
    assertThat(sink.bookQuotesChecked).isPositive();
    assertThat(sink.trades).isNotEmpty();
    OrderBook btc = replayer.adapters().get("COINBASE.ws.2").book("BTC-USD");
    assertThat(btc.valid()).isTrue();
  }

  @Test
  void coinbaseExchangeFeedBooksStayUncrossedAndSequencesNeverGoBack() {
    List<RecordedFrame> frames = Recordings.read("permissive/COINBASE.ws.28.0");
    Replayer replayer = replayer(QuoteSource.BOOK);
    TopOfBookCheckingSink sink = new TopOfBookCheckingSink(replayer);
    replayer.replay(frames, sink);

    VenueCounters c = total(replayer);
    assertThat(sink.deadLetterReasons()).isEmpty();
    assertThat(c.crossedBooks).isZero();
    assertThat(sink.bookQuotesChecked).isPositive();
    assertThat(sink.trades).hasSize((int) receivedLinesContaining(frames, "\"type\":\"match\""));
  }
}
