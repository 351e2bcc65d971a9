package io.deepalpha.ingest.simulator;

import io.deepalpha.model.event.Venue;

/** The synthetic wire format of each venue. */
final class SimWires {
  private SimWires() {}

  static SimWire create(Venue venue, SimVenueBooks books) {
    return switch (venue) {
      case BINANCE -> new BinanceWire(books);
      case OKX -> new OkxWire(books);
      case BYBIT -> new BybitWire(books);
      case COINBASE -> new CoinbaseWire(books);
      case KRAKEN -> new KrakenWire(books);
      case UNKNOWN -> throw new IllegalArgumentException("no wire format for UNKNOWN");
    };
  }
}
