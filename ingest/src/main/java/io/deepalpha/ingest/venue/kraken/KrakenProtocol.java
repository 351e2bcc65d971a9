package io.deepalpha.ingest.venue.kraken;

import java.net.URI;

/**
 * Which Kraken WebSocket API a connection speaks. v2 ({@code wss://ws.kraken.com/v2}) is the live
 * default; v1 ({@code wss://ws.kraken.com}) is what the recordings in {@code ../shared/data/venues}
 * hold, so replays default to it. The two differ in every frame (v1: arrays with the pair last and
 * string decimals, {@code XBT/USD}; v2: objects with JSON numbers, {@code BTC/USD}).
 */
public enum KrakenProtocol {
  V1("wss://ws.kraken.com"),
  V2("wss://ws.kraken.com/v2");

  private final String publicEndpoint;

  KrakenProtocol(String publicEndpoint) {
    this.publicEndpoint = publicEndpoint;
  }

  public URI publicEndpoint() {
    return URI.create(publicEndpoint);
  }

  /**
   * The protocol of a recorded or configured address: a path ending in {@code /v2} (Kraken's and
   * the simulator's v2 URLs) is v2, anything else is {@code fallback}.
   */
  public static KrakenProtocol ofAddress(String address, KrakenProtocol fallback) {
    if (address == null) {
      return fallback;
    }
    int query = address.indexOf('?');
    String path = (query < 0 ? address : address.substring(0, query)).trim();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.endsWith("/v2") ? V2 : fallback;
  }
}
