package io.deepalpha.ingest.connector;

import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.ingest.venue.kraken.v2.KrakenV2Adapter;
import io.deepalpha.model.event.Venue;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a connector says to a venue: the subscription messages for a list of venue symbols and the
 * application-level ping (null when WebSocket pings or the venue's own heartbeats do).
 */
public interface VenueProtocol {

  List<String> subscriptions(List<String> symbols);

  /** Text ping the venue expects, or null to send WebSocket ping frames. */
  String ping();

  /** How often to ping when nothing was written. */
  default Duration pingInterval() {
    return Duration.ofSeconds(20);
  }

  /** The protocol of {@code adapter}'s venue in the API version the adapter reads. */
  static VenueProtocol of(VenueAdapter adapter) {
    if (adapter.venue() == Venue.KRAKEN && adapter.apiVersion() == 2) {
      return krakenV2();
    }
    return of(adapter.venue());
  }

  /**
   * Kraken WebSocket v2: book at the depth the adapter cuts its books to, with its snapshot, and
   * trades without the snapshot of earlier trades; {@code {"method":"ping"}} (the venue also sends
   * a {@code heartbeat} channel message every second once subscribed).
   */
  static VenueProtocol krakenV2() {
    return new Simple(
        symbols -> {
          String list = symbols.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
          return List.of(
              "{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":["
                  + list
                  + "],\"depth\":"
                  + KrakenV2Adapter.DEPTH
                  + ",\"snapshot\":true}}",
              "{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":["
                  + list
                  + "],\"snapshot\":false}}");
        },
        "{\"method\":\"ping\"}");
  }

  /** The default protocol of {@code venue} (Kraken: v1). */
  static VenueProtocol of(Venue venue) {
    return switch (venue) {
      // Binance: quotes from the depth book, synced with REST snapshots (see README: the book
      // is checked by U/u, bookTicker is not; both are then one consistent source).
      case BINANCE ->
          new Simple(
              symbols ->
                  List.of(
                      "{\"method\":\"SUBSCRIBE\",\"params\":["
                          + symbols.stream()
                              .map(s -> s.toLowerCase(Locale.ROOT))
                              .map(s -> "\"" + s + "@depth@100ms\",\"" + s + "@aggTrade\"")
                              .collect(Collectors.joining(","))
                          + "],\"id\":1}"),
              null);
      case OKX ->
          new Simple(
              symbols ->
                  List.of(
                      "{\"op\":\"subscribe\",\"args\":["
                          + symbols.stream()
                              .map(
                                  s ->
                                      "{\"channel\":\"books\",\"instId\":\""
                                          + s
                                          + "\"},{\"channel\":\"trades\",\"instId\":\""
                                          + s
                                          + "\"}")
                              .collect(Collectors.joining(","))
                          + "]}"),
              "ping");
      case BYBIT ->
          new Simple(
              symbols ->
                  List.of(
                      "{\"op\":\"subscribe\",\"args\":["
                          + symbols.stream()
                              .map(s -> "\"orderbook.50." + s + "\",\"publicTrade." + s + "\"")
                              .collect(Collectors.joining(","))
                          + "]}"),
              "{\"op\":\"ping\"}");
      case COINBASE ->
          new Simple(
              symbols -> {
                String ids =
                    symbols.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
                return List.of(
                    "{\"type\":\"subscribe\",\"product_ids\":[" + ids + "],\"channel\":\"level2\"}",
                    "{\"type\":\"subscribe\",\"product_ids\":["
                        + ids
                        + "],\"channel\":\"market_trades\"}",
                    "{\"type\":\"subscribe\",\"product_ids\":["
                        + ids
                        + "],\"channel\":\"heartbeats\"}");
              },
              null);
      case KRAKEN ->
          new Simple(
              symbols -> {
                String pairs =
                    symbols.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
                return List.of(
                    "{\"event\":\"subscribe\",\"pair\":["
                        + pairs
                        + "],\"subscription\":{\"name\":\"book\","
                        + "\"depth\":10}}",
                    "{\"event\":\"subscribe\",\"pair\":["
                        + pairs
                        + "],\"subscription\":{\"name\":"
                        + "\"trade\"}}");
              },
              "{\"event\":\"ping\"}");
      case UNKNOWN -> throw new IllegalArgumentException("no protocol for UNKNOWN");
    };
  }

  /** A protocol given by its two parts. */
  record Simple(java.util.function.Function<List<String>, List<String>> subscribe, String ping)
      implements VenueProtocol {
    @Override
    public List<String> subscriptions(List<String> symbols) {
      return subscribe.apply(symbols);
    }
  }
}
