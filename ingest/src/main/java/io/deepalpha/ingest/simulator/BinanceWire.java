package io.deepalpha.ingest.simulator;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binance spot combined stream: bookTicker, aggTrade and {@code depthUpdate} diffs ({@code
 * <symbol>@depth@100ms}, one diff per market step that changed the book), and the REST depth
 * snapshot of the same book ({@link #snapshot}, served by {@link SimRestHandler}) whose {@code
 * lastUpdateId} is the {@code u} of the last diff made, so a client syncs exactly as with Binance
 * (FACTS.md §5). Update ids run per symbol; a diff spans as many ids as it changes levels. Before a
 * SUBSCRIBE the connection gets bookTicker and aggTrade of every symbol (the simulator's old
 * behaviour); after one, the streams it names.
 */
final class BinanceWire implements SimWire {
  private final SimVenueBooks books;
  private final Map<String, long[]> depthIds = new HashMap<>();
  private long updateId = 1;
  private long aggregateId = 1;

  /** Streams subscribed ({@code btcusdt@depth}); null = none asked yet: bookTicker + aggTrade. */
  private java.util.Set<String> streams;

  private boolean dropNextDiff;

  BinanceWire(SimVenueBooks books) {
    this.books = books;
    books.books.keySet().forEach(s -> depthIds.put(s, new long[] {1_000}));
  }

  @Override
  public void onClientMessage(String message, List<String> out) {
    if (message.contains("SUBSCRIBE")) {
      if (streams == null) {
        streams = new java.util.HashSet<>();
      }
      for (String symbol : books.books.keySet()) {
        String stream = symbol.toLowerCase(Locale.ROOT);
        for (String kind : List.of("@bookTicker", "@aggTrade", "@depth")) {
          if (message.contains("\"" + stream + kind)) {
            streams.add(stream + kind);
          }
        }
      }
      out.add("{\"result\":null,\"id\":1}");
    }
  }

  @Override
  public void step(List<String> out) {
    for (var e : books.books.entrySet()) {
      SimBook book = e.getValue();
      String symbol = e.getKey();
      String stream = symbol.toLowerCase(Locale.ROOT);
      List<SimBook.Change> changes = books.changes.get(symbol);
      boolean depth = streams != null && streams.contains(stream + "@depth");
      boolean bookTicker = streams == null || streams.contains(stream + "@bookTicker");
      boolean aggTrade = streams == null || streams.contains(stream + "@aggTrade");
      if (!changes.isEmpty()) {
        long[] id = depthIds.get(symbol);
        long first = id[0] + 1;
        id[0] += changes.size();
        if (depth && dropNextDiff) {
          dropNextDiff = false; // the client misses U..u: its next diff starts past its book
        } else if (depth) {
          out.add(depthUpdate(stream, symbol, first, id[0], changes));
        }
        if (bookTicker) {
          out.add(bookTicker(stream, symbol, book));
        }
      }
      if (books.tradeNow() && aggTrade) {
        out.add(aggTrade(stream, symbol, book));
      }
    }
  }

  /**
   * The REST {@code /api/v3/depth} answer for {@code symbol}, at most {@code limit} levels a side,
   * or null when this connection shows no such symbol.
   */
  String snapshot(String symbol, int limit) {
    SimBook book = books.books.get(symbol);
    if (book == null) {
      return null;
    }
    StringBuilder json = new StringBuilder("{\"lastUpdateId\":").append(depthIds.get(symbol)[0]);
    json.append(",\"bids\":");
    levels(json, book.bids, limit);
    json.append(",\"asks\":");
    levels(json, book.asks, limit);
    return json.append('}').toString();
  }

  private static void levels(StringBuilder json, Map<Long, Long> side, int limit) {
    json.append('[');
    int n = 0;
    for (var level : side.entrySet()) {
      if (n++ == limit) {
        break;
      }
      if (n > 1) {
        json.append(',');
      }
      json.append("[\"")
          .append(SimBook.price(level.getKey()))
          .append("\",\"")
          .append(SimBook.size(level.getValue()))
          .append("\"]");
    }
    json.append(']');
  }

  private static String depthUpdate(
      String stream, String symbol, long first, long last, List<SimBook.Change> changes) {
    StringBuilder bids = new StringBuilder();
    StringBuilder asks = new StringBuilder();
    for (SimBook.Change c : changes) {
      StringBuilder side = c.bid() ? bids : asks;
      if (side.length() > 0) {
        side.append(',');
      }
      side.append("[\"")
          .append(SimBook.price(c.priceCents()))
          .append("\",\"")
          .append(SimBook.size(c.sizeLots()))
          .append("\"]");
    }
    return "{\"stream\":\""
        + stream
        + "@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":"
        + System.currentTimeMillis()
        + ",\"s\":\""
        + symbol
        + "\",\"U\":"
        + first
        + ",\"u\":"
        + last
        + ",\"b\":["
        + bids
        + "],\"a\":["
        + asks
        + "]}}";
  }

  private String bookTicker(String stream, String symbol, SimBook book) {
    return "{\"stream\":\""
        + stream
        + "@bookTicker\",\"data\":{\"u\":"
        + updateId++
        + ",\"s\":\""
        + symbol
        + "\",\"b\":\""
        + SimBook.price(book.bestBid())
        + "\",\"B\":\""
        + SimBook.size(book.bids.firstEntry().getValue())
        + "\",\"a\":\""
        + SimBook.price(book.bestAsk())
        + "\",\"A\":\""
        + SimBook.size(book.asks.firstEntry().getValue())
        + "\"}}";
  }

  private String aggTrade(String stream, String symbol, SimBook book) {
    long now = System.currentTimeMillis();
    return "{\"stream\":\""
        + stream
        + "@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":"
        + now
        + ",\"s\":\""
        + symbol
        + "\",\"a\":"
        + aggregateId++
        + ",\"p\":\""
        + SimBook.price(book.bestAsk())
        + "\",\"q\":\"0.0100\",\"f\":1,\"l\":1,\"T\":"
        + now
        + ",\"m\":false,\"M\":true}}";
  }

  /** SEQUENCE_GAP: the next depth diff is not sent (its update ids are used up all the same). */
  @Override
  public boolean inject(Fault fault) {
    if (fault == Fault.SEQUENCE_GAP) {
      dropNextDiff = true;
      return true;
    }
    return false;
  }
}
