package io.deepalpha.ingest.simulator;

import java.util.List;

/** Bybit v5 public spot: orderbook.50 snapshot/delta with u, publicTrade; {"op":"ping"}. */
final class BybitWire implements SimWire {
  private final SimVenueBooks books;

  /** u runs per symbol, as on Bybit. */
  private final java.util.Map<String, long[]> updateIds = new java.util.HashMap<>();

  private boolean subscribed;
  private boolean gap;

  BybitWire(SimVenueBooks books) {
    this.books = books;
  }

  @Override
  public void onClientMessage(String message, List<String> out) {
    if (message.contains("\"ping\"")) {
      out.add("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"sim\",\"op\":\"ping\"}");
      return;
    }
    if (message.contains("\"subscribe\"")) {
      subscribed = true;
      out.add(
          "{\"success\":true,\"ret_msg\":\"subscribe\",\"conn_id\":\"sim\",\"op\":\"subscribe\"}");
      for (var e : books.books.entrySet()) {
        out.add(book(e.getKey(), SimVenueBooks.full(e.getValue()), true));
      }
    }
  }

  @Override
  public void step(List<String> out) {
    if (!subscribed) {
      return;
    }
    for (var e : books.books.entrySet()) {
      List<SimBook.Change> changes = books.changes.get(e.getKey());
      if (!changes.isEmpty()) {
        out.add(book(e.getKey(), changes, false));
      }
      if (books.tradeNow()) {
        long now = System.currentTimeMillis();
        out.add(
            "{\"topic\":\"publicTrade."
                + e.getKey()
                + "\",\"type\":\"snapshot\",\"ts\":"
                + now
                + ",\"data\":[{\"T\":"
                + now
                + ",\"s\":\""
                + e.getKey()
                + "\",\"S\":\"Sell\",\"v\":"
                + "\"0.01\",\"p\":\""
                + SimBook.price(e.getValue().bestBid())
                + "\",\"i\":\"sim-"
                + books.tradeId()
                + "\",\"BT\":false}]}");
      }
    }
  }

  private String book(String symbol, List<SimBook.Change> changes, boolean snapshot) {
    long[] u = updateIds.computeIfAbsent(symbol, k -> new long[] {1});
    if (gap && !snapshot) {
      u[0]++;
      gap = false;
    }
    long updateId = ++u[0];
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (SimBook.Change c : changes) {
      StringBuilder side = c.bid() ? b : a;
      side.append(side.isEmpty() ? "" : ",")
          .append("[\"")
          .append(SimBook.price(c.priceCents()))
          .append("\",\"")
          .append(SimBook.size(c.sizeLots()))
          .append("\"]");
    }
    long now = System.currentTimeMillis();
    return "{\"topic\":\"orderbook.50."
        + symbol
        + "\",\"type\":\""
        + (snapshot ? "snapshot" : "delta")
        + "\",\"ts\":"
        + now
        + ",\"data\":{\"s\":\""
        + symbol
        + "\",\"b\":["
        + b
        + "],\"a\":["
        + a
        + "],\"u\":"
        + updateId
        + ",\"seq\":"
        + updateId
        + "},\"cts\":"
        + now
        + "}";
  }

  @Override
  public boolean inject(Fault fault) {
    if (fault == Fault.SEQUENCE_GAP) {
      gap = true;
      return true;
    }
    return false;
  }
}
