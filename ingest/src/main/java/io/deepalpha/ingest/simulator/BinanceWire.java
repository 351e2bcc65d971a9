package io.deepalpha.ingest.simulator;

import java.util.List;

/**
 * Binance spot combined stream: bookTicker and aggTrade (its depth stream needs the REST snapshot
 * endpoint, which the simulator does not serve yet).
 */
final class BinanceWire implements SimWire {
  private final SimVenueBooks books;
  private long updateId = 1;
  private long aggregateId = 1;

  BinanceWire(SimVenueBooks books) {
    this.books = books;
  }

  @Override
  public void onClientMessage(String message, List<String> out) {
    if (message.contains("SUBSCRIBE")) {
      out.add("{\"result\":null,\"id\":1}");
    }
  }

  @Override
  public void step(List<String> out) {
    for (var e : books.books.entrySet()) {
      SimBook book = e.getValue();
      String stream = e.getKey().toLowerCase(java.util.Locale.ROOT);
      if (!books.changes.get(e.getKey()).isEmpty()) {
        out.add(
            "{\"stream\":\""
                + stream
                + "@bookTicker\",\"data\":{\"u\":"
                + updateId++
                + ",\"s\":\""
                + e.getKey()
                + "\",\"b\":\""
                + SimBook.price(book.bestBid())
                + "\",\"B\":\""
                + SimBook.size(book.bids.firstEntry().getValue())
                + "\",\"a\":\""
                + SimBook.price(book.bestAsk())
                + "\",\"A\":\""
                + SimBook.size(book.asks.firstEntry().getValue())
                + "\"}}");
      }
      if (books.tradeNow()) {
        long now = System.currentTimeMillis();
        out.add(
            "{\"stream\":\""
                + stream
                + "@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":"
                + now
                + ",\"s\":\""
                + e.getKey()
                + "\",\"a\":"
                + aggregateId++
                + ",\"p\":\""
                + SimBook.price(book.bestAsk())
                + "\",\"q\":\"0.0100\",\"f\":1,\"l\":1,\"T\":"
                + now
                + ",\"m\":false,\"M\":true}}");
      }
    }
  }

  @Override
  public boolean inject(Fault fault) {
    return false;
  }
}
