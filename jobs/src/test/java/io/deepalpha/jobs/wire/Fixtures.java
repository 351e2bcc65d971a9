package io.deepalpha.jobs.wire;

import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Venue;

/** Named test quotes. */
final class Fixtures {
  /** 2025-11-22T00:00:00Z in epoch microseconds. */
  static final long BEGINNING_US = 1_763_769_600_000_000L;

  private Fixtures() {}

  static Quote quote(Venue venue, int sequence, long bid, long ask) {
    return Quote.newBuilder()
        .setVenue(venue)
        .setVenueSymbol(venue == Venue.OKX ? "BTC-USDT" : "BTCUSDT")
        .setInstrument("BTC-USDT")
        .setExchangeTimeUs(BEGINNING_US + sequence * 1_000L)
        .setReceiveTimeNs((BEGINNING_US + sequence * 1_000L) * 1_000L + 250_000L)
        .setConnectionId(venue.ordinal())
        .setSequence(sequence)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBidPrice(bid)
        .setBidSize(25_000_000L)
        .setAskPrice(ask)
        .setAskSize(13_000_000L)
        .setTimeSource(venue == Venue.BINANCE ? TimeSource.RECEIVE : TimeSource.EXCHANGE)
        .build();
  }
}
