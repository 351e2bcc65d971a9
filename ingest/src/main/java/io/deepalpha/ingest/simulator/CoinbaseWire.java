package io.deepalpha.ingest.simulator;

import java.time.Instant;
import java.util.List;

/**
 * Coinbase Advanced Trade: l2_data snapshot/update and market_trades, one sequence_num per
 * connection.
 */
final class CoinbaseWire implements SimWire {
  private final SimVenueBooks books;
  private long sequenceNum;
  private boolean subscribed;
  private boolean gap;

  CoinbaseWire(SimVenueBooks books) {
    this.books = books;
  }

  @Override
  public void onClientMessage(String message, List<String> out) {
    if (message.contains("\"subscribe\"") && message.contains("level2")) {
      subscribed = true;
      for (var e : books.books.entrySet()) {
        out.add(l2(e.getKey(), SimVenueBooks.full(e.getValue()), true));
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
        out.add(l2(e.getKey(), changes, false));
      }
      if (books.tradeNow()) {
        String now = Instant.now().toString();
        out.add(
            "{\"channel\":\"market_trades\",\"timestamp\":\""
                + now
                + "\",\"sequence_num\":"
                + next()
                + ",\"events\":[{\"type\":\"update\",\"trades\":[{\"product_id\":\""
                + e.getKey()
                + "\",\"trade_id\":\""
                + books.tradeId()
                + "\",\"price\":\""
                + SimBook.price(e.getValue().bestAsk())
                + "\",\"size\":\"0.01\",\"time\":\""
                + now
                + "\",\"side\":\"BUY\"}]}]}");
      }
    }
  }

  private long next() {
    if (gap) {
      sequenceNum++;
      gap = false;
    }
    return sequenceNum++;
  }

  private String l2(String product, List<SimBook.Change> changes, boolean snapshot) {
    String now = Instant.now().toString();
    StringBuilder updates = new StringBuilder();
    for (SimBook.Change c : changes) {
      updates
          .append(updates.isEmpty() ? "" : ",")
          .append("{\"side\":\"")
          .append(c.bid() ? "bid" : "offer")
          .append("\",\"event_time\":\"")
          .append(now)
          .append("\",\"price_level\":\"")
          .append(SimBook.price(c.priceCents()))
          .append("\",\"new_quantity\":\"")
          .append(SimBook.size(c.sizeLots()))
          .append("\"}");
    }
    return "{\"channel\":\"l2_data\",\"timestamp\":\""
        + now
        + "\",\"sequence_num\":"
        + next()
        + ",\"events\":[{\"type\":\""
        + (snapshot ? "snapshot" : "update")
        + "\",\"product_id\":\""
        + product
        + "\",\"updates\":["
        + updates
        + "]}]}";
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
