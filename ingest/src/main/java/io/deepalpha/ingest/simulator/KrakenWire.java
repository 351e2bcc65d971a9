package io.deepalpha.ingest.simulator;

import io.deepalpha.ingest.book.Checksums;
import java.util.List;

/** Kraken WebSocket v1: book-10 (snapshot, updates with checksum "c"), trade; ping event. */
final class KrakenWire implements SimWire {
  private static final int PRICE_DECIMALS = 5;
  private static final int SIZE_DECIMALS = 8;
  private final SimVenueBooks books;
  private final Checksums checksums = new Checksums();
  private boolean subscribed;

  /**
   * Updates a SEQUENCE_GAP fault loses. One lost update can go unseen for good: a later update that
   * sets the same levels again makes the client's book equal to the server's (a level keeps or
   * changes its size with fixed odds per step, so a one-level update is overwritten a quarter of
   * the time). Several consecutive losses leave a difference the next checksum always reveals.
   */
  static final int LOST_UPDATES = 5;

  private int updatesToDrop;
  private boolean badChecksum;

  KrakenWire(SimVenueBooks books) {
    this.books = books;
  }

  @Override
  public void onClientMessage(String message, List<String> out) {
    if (message.contains("\"ping\"")) {
      out.add("{\"event\":\"pong\"}");
      return;
    }
    if (message.contains("\"subscribe\"")) {
      subscribed = true;
      int channel = 100;
      for (var e : books.books.entrySet()) {
        out.add(
            "{\"channelID\":"
                + channel
                + ",\"channelName\":\"book-10\",\"event\":"
                + "\"subscriptionStatus\",\"pair\":\""
                + e.getKey()
                + "\",\"status\":\"subscribed\"}");
        StringBuilder as = new StringBuilder();
        StringBuilder bs = new StringBuilder();
        for (SimBook.Change c : SimVenueBooks.full(e.getValue())) {
          level(c.bid() ? bs : as, c);
        }
        out.add(
            "["
                + channel++
                + ",{\"as\":["
                + as
                + "],\"bs\":["
                + bs
                + "]},\"book-10\",\""
                + e.getKey()
                + "\"]");
      }
    }
  }

  @Override
  public void step(List<String> out) {
    if (!subscribed) {
      return;
    }
    int channel = 100;
    for (var e : books.books.entrySet()) {
      List<SimBook.Change> changes = books.changes.get(e.getKey());
      if (!changes.isEmpty()) {
        String update = update(channel, e.getKey(), e.getValue(), changes);
        if (updatesToDrop > 0) {
          updatesToDrop--; // lost updates: the next checksum cannot match
        } else {
          out.add(update);
        }
      }
      if (books.tradeNow()) {
        out.add(
            "["
                + channel
                + ",[[\""
                + SimBook.fixed(e.getValue().bestBid(), 2, PRICE_DECIMALS)
                + "\",\"0.01000000\",\""
                + String.format("%.6f", System.currentTimeMillis() / 1000.0)
                + "\",\"s\",\"m\",\"\"]],\"trade\",\""
                + e.getKey()
                + "\"]");
      }
      channel++;
    }
  }

  private String update(int channel, String pair, SimBook book, List<SimBook.Change> changes) {
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (SimBook.Change c : changes) {
      level(c.bid() ? b : a, c);
    }
    long checksum =
        checksums.kraken(SimVenueBooks.asOrderBook(book), 2, 4, PRICE_DECIMALS, SIZE_DECIMALS);
    if (badChecksum) {
      checksum = (checksum + 1) & 0xffffffffL;
      badChecksum = false;
    }
    return "["
        + channel
        + ",{\"a\":["
        + a
        + "]},{\"b\":["
        + b
        + "],\"c\":\""
        + checksum
        + "\"},\"book-10\",\""
        + pair
        + "\"]";
  }

  private static void level(StringBuilder side, SimBook.Change c) {
    side.append(side.isEmpty() ? "" : ",")
        .append("[\"")
        .append(SimBook.fixed(c.priceCents(), 2, PRICE_DECIMALS))
        .append("\",\"")
        .append(SimBook.fixed(c.sizeLots(), 4, SIZE_DECIMALS))
        .append("\",\"")
        .append(String.format("%.6f", System.currentTimeMillis() / 1000.0))
        .append("\"]");
  }

  @Override
  public boolean inject(Fault fault) {
    switch (fault) {
      case SEQUENCE_GAP -> updatesToDrop = LOST_UPDATES;
      case BAD_CHECKSUM -> badChecksum = true;
      default -> {
        return false;
      }
    }
    return true;
  }
}
