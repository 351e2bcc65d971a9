package io.deepalpha.ingest.simulator;

import io.deepalpha.model.event.Venue;

/** The synthetic wire format of each venue. */
final class SimWires {
  private SimWires() {}

  /**
   * The wire of {@code venue}; {@code path} is the URL path after the venue ({@code /kraken/v2}
   * selects Kraken's WebSocket v2, as {@code wss://ws.kraken.com/v2} does).
   */
  static SimWire create(Venue venue, String path, SimVenueBooks books) {
    return switch (venue) {
      case BINANCE -> new BinanceWire(books);
      case OKX -> new OkxWire(books);
      case BYBIT -> new BybitWire(books);
      case COINBASE -> new CoinbaseWire(books);
      case KRAKEN -> path.endsWith("/v2") ? new KrakenV2Wire(books) : new KrakenWire(books);
      case UNKNOWN -> throw new IllegalArgumentException("no wire format for UNKNOWN");
    };
  }
}
