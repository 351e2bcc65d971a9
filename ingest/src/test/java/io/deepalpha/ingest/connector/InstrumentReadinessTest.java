package io.deepalpha.ingest.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.health.ReadinessCheck;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.Adapters;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.ingest.venue.QuoteSource;
import io.deepalpha.ingest.venue.RegistryLookup;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An instrument's part of {@code /ready}, driven by real adapters fed frames the way the connector
 * feeds them (its sink passes quotes and resync requests on): book venues are ready from the first
 * quote of a synced book and not ready from a gap until the next snapshot; BBO-channel venues from
 * their first valid quote, whatever their books do.
 */
class InstrumentReadinessTest {
  private static final InstrumentRegistry REGISTRY = InstrumentRegistry.loadDefault();
  private static final long T = 1_700_000_000_000_000_000L;

  @Test
  void aBinanceBookIsReadyFromItsSyncedQuoteAndNotReadyFromAGapUntilResynced() {
    VenueAdapter adapter = adapter(Venue.BINANCE, QuoteSource.BOOK);
    InstrumentReadiness readiness = new InstrumentReadiness(adapter, List.of("BTCUSDT"));
    ReadinessCheck btc = readiness.checks().get("BTC-USDT");
    EventSink sink = sinkOf(readiness);
    assertThat(btc.notReadyReason()).isEqualTo("not connected yet");

    adapter.onConnect(1);
    readiness.onSubscribed();
    assertThat(btc.notReadyReason()).isEqualTo("subscribed, waiting for the book snapshot");
    adapter.onFrame(depth(101, 102, "43000.10"), T, sink);
    assertThat(btc.notReadyReason())
        .isEqualTo("book not in sync: book needs a REST snapshot; waiting for a fresh snapshot");
    adapter.onSnapshot("BTCUSDT", snapshot(101), T, sink);
    assertThat(btc.notReadyReason()).isNull();

    adapter.onFrame(depth(110, 111, "43000.11"), T, sink); // 103..109 lost
    assertThat(btc.notReadyReason())
        .isEqualTo(
            "book not in sync: sequence gap: diff U=110, expected 103; needs a REST snapshot;"
                + " waiting for a fresh snapshot");
    adapter.onSnapshot("BTCUSDT", snapshot(110), T, sink);
    assertThat(btc.notReadyReason()).isNull();

    readiness.onDisconnected("closed by the venue");
    assertThat(btc.notReadyReason()).isEqualTo("no connection (closed by the venue)");
  }

  @Test
  void aBboVenueIsReadyFromItsFirstValidQuoteWhateverItsBookDoes() {
    VenueAdapter adapter = adapter(Venue.BINANCE, QuoteSource.TICKER);
    InstrumentReadiness readiness = new InstrumentReadiness(adapter, List.of("BTCUSDT"));
    ReadinessCheck btc = readiness.checks().get("BTC-USDT");
    EventSink sink = sinkOf(readiness);
    adapter.onConnect(1);
    readiness.onSubscribed();
    assertThat(btc.notReadyReason()).isEqualTo("subscribed, waiting for the first quote");

    adapter.onFrame(
        bytes(
            "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":5,\"s\":\"BTCUSDT\",\"b\":\"43000.10\",\"B\":\"1.5\",\"a\":\"43000.20\",\"A\":\"2\"}}"),
        T,
        sink);
    assertThat(btc.notReadyReason()).isNull();

    adapter.onFrame(depth(101, 102, "43000.10"), T, sink); // an unsynced book asks a snapshot
    assertThat(btc.notReadyReason()).isNull();
  }

  @Test
  void aResyncOfAnAliasOrOfEveryBookReachesTheConfiguredInstruments() {
    VenueAdapter adapter = adapter(Venue.KRAKEN, QuoteSource.BOOK); // v1: says XBT/USD
    InstrumentReadiness readiness = new InstrumentReadiness(adapter, List.of("BTC/USD", "ETH/USD"));
    Map<String, ReadinessCheck> checks = readiness.checks();
    assertThat(checks).containsOnlyKeys("BTC-USD", "ETH-USD");
    readiness.onSubscribed();

    readiness.onResync("XBT/USD", "checksum mismatch");
    assertThat(checks.get("BTC-USD").notReadyReason())
        .isEqualTo("book not in sync: checksum mismatch; waiting for a fresh snapshot");
    assertThat(checks.get("ETH-USD").notReadyReason())
        .isEqualTo("subscribed, waiting for the book snapshot");

    readiness.onResync("*", "sequence_num gap: expected 4, got 6");
    assertThat(checks.get("ETH-USD").notReadyReason())
        .isEqualTo(
            "book not in sync: sequence_num gap: expected 4, got 6; waiting for a fresh snapshot");
  }

  private static VenueAdapter adapter(Venue venue, QuoteSource source) {
    return Adapters.create(venue, new AdapterSettings(new RegistryLookup(REGISTRY), source, false));
  }

  /** What the connector's sink does with readiness: quotes and resync requests pass it. */
  private static EventSink sinkOf(InstrumentReadiness readiness) {
    return new EventSink() {
      @Override
      public void onQuote(Quote quote) {
        readiness.onQuote(quote);
      }

      @Override
      public void onTrade(Trade trade) {}

      @Override
      public void onDeadLetter(DeadLetter deadLetter) {
        throw new AssertionError("dead letter: " + deadLetter.getReason());
      }

      @Override
      public void onResyncNeeded(String venueSymbol, String reason) {
        readiness.onResync(venueSymbol, reason);
      }
    };
  }

  private static byte[] depth(long first, long last, String bid) {
    return bytes(
        "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1700000000000,"
            + "\"s\":\"BTCUSDT\",\"U\":"
            + first
            + ",\"u\":"
            + last
            + ",\"b\":[[\""
            + bid
            + "\",\"1.5\"]],\"a\":[[\"43000.20\",\"2.0\"]]}}");
  }

  private static byte[] snapshot(long lastUpdateId) {
    return bytes(
        "{\"lastUpdateId\":"
            + lastUpdateId
            + ",\"bids\":[[\"43000.00\",\"1.0\"]],\"asks\":[[\"43000.30\",\"1.0\"]]}");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
