package io.deepalpha.ingest.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.CollectingSink;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Frames that cannot be used become dead letters; unconfigured symbols are counted. */
class FrameRejectionTest {
  private static final long T0 = 1_700_000_000_123_456_789L;
  private final CollectingSink sink = new CollectingSink();

  private static VenueAdapter adapter(Venue venue, boolean unmappedToDeadLetter) {
    VenueAdapter adapter =
        Adapters.create(
            venue,
            new AdapterSettings(
                new RegistryLookup(InstrumentRegistry.loadDefault()),
                QuoteSource.BOTH,
                unmappedToDeadLetter));
    adapter.onConnect(42);
    return adapter;
  }

  @ParameterizedTest
  @EnumSource(value = Venue.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
  void malformedJsonIsADecodeDeadLetterWithTheRawBytes(Venue venue) {
    VenueAdapter adapter = adapter(venue, false);
    byte[] raw = "{\"topic\":\"orderbook.1.BTC".getBytes(StandardCharsets.UTF_8);
    adapter.onFrame(raw, T0, sink);
    assertThat(sink.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getStage()).isEqualTo("decode");
              assertThat(d.getSource()).isEqualTo(venue.name());
              assertThat(d.getReceiveTimeNs()).isEqualTo(T0);
              assertThat(d.getConnectionId()).isEqualTo(42);
              assertThat(d.getRaw().array()).isEqualTo(raw);
            });
    assertThat(adapter.counters().deadLetters).isEqualTo(1);
  }

  @Test
  void priceWithMoreDecimalsThanTheScaleIsAValidateDeadLetter() {
    VenueAdapter binance = adapter(Venue.BINANCE, false);
    binance.onFrame(
        ("{\"u\":1,\"s\":\"BTCUSDT\",\"b\":\"43000.123456\",\"B\":\"1\","
                + "\"a\":\"43001\",\"A\":\"1\"}")
            .getBytes(StandardCharsets.UTF_8),
        T0,
        sink);
    assertThat(sink.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getStage()).isEqualTo("validate");
              assertThat(d.getReason()).contains("43000.123456");
            });
    assertThat(sink.quotes).isEmpty();
  }

  @Test
  void unconfiguredSymbolIsCountedAndSkippedByDefault() {
    VenueAdapter binance = adapter(Venue.BINANCE, false);
    binance.onFrame(bookTicker("DOGEUSDT"), T0, sink);
    assertThat(binance.counters().unmapped).isEqualTo(1);
    assertThat(sink.deadLetters).isEmpty();
    assertThat(sink.quotes).isEmpty();
  }

  @Test
  void unconfiguredSymbolIsADeadLetterWhenConfiguredSo() {
    VenueAdapter binance = adapter(Venue.BINANCE, true);
    binance.onFrame(bookTicker("DOGEUSDT"), T0, sink);
    assertThat(sink.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getStage()).isEqualTo("map");
              assertThat(d.getReason()).contains("DOGEUSDT");
            });
  }

  @Test
  void binanceBookTickerBecomesAQuoteStampedWithTheReceiveTime() {
    VenueAdapter binance = adapter(Venue.BINANCE, false);
    binance.onFrame(bookTicker("BTCUSDT"), T0, sink);
    binance.onFrame(bookTicker("BTCUSDT"), T0 + 5, sink);
    assertThat(sink.quotes).hasSize(2);
    assertThat(sink.quotes.get(0))
        .satisfies(
            q -> {
              assertThat(q.getInstrument()).isEqualTo("BTC-USDT");
              assertThat(q.getVenueSymbol()).isEqualTo("BTCUSDT");
              assertThat(q.getBidPrice()).isEqualTo(430011200L);
              assertThat(q.getBidSize()).isEqualTo(150000000L);
              assertThat(q.getAskPrice()).isEqualTo(430011300L);
              assertThat(q.getAskSize()).isEqualTo(23456789L);
              assertThat(q.getExchangeTimeUs()).isEqualTo(T0 / 1000);
              assertThat(q.getTimeSource().name()).isEqualTo("RECEIVE");
              assertThat(q.getSequence()).isEqualTo(1);
              assertThat(q.getConnectionId()).isEqualTo(42);
            });
    assertThat(sink.quotes.get(1).getSequence()).isEqualTo(2);
  }

  @Test
  void okxTradeKeepsTheVenueTimeAndTakerSide() {
    VenueAdapter okx = adapter(Venue.OKX, false);
    okx.onFrame(
        ("{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":"
                + "\"BTC-USDT\",\"tradeId\":\"77\",\"px\":\"30218.8\",\"sz\":\"0.5\",\"side\":\"sell\","
                + "\"ts\":\"1652459199958\"}]}")
            .getBytes(StandardCharsets.UTF_8),
        T0,
        sink);
    assertThat(sink.trades)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getTradeId()).isEqualTo("77");
              assertThat(t.getPrice()).isEqualTo(302188000L);
              assertThat(t.getSize()).isEqualTo(50000000L);
              assertThat(t.getTakerSide().name()).isEqualTo("SELL");
              assertThat(t.getExchangeTimeUs()).isEqualTo(1652459199958000L);
            });
  }

  private static byte[] bookTicker(String symbol) {
    return ("{\"stream\":\"x@bookTicker\",\"data\":{\"u\":1,\"s\":\""
            + symbol
            + "\",\"b\":\"43001.12\",\"B\":\"1.5\",\"a\":\"43001.13\",\"A\":\"0.23456789\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
