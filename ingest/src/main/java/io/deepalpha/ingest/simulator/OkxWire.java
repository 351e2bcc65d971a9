package io.deepalpha.ingest.simulator;

import io.deepalpha.ingest.book.Checksums;
import java.util.List;

/** OKX v5 public: books (snapshot/update, seqId/prevSeqId, CRC32 checksum), trades; "ping". */
final class OkxWire implements SimWire {
  private final SimVenueBooks books;
  private final Checksums checksums = new Checksums();

  /** seqId runs per instrument, as on OKX. */
  private final java.util.Map<String, long[]> seqIds = new java.util.HashMap<>();

  private boolean subscribed;
  private boolean gap;
  private boolean badChecksum;

  OkxWire(SimVenueBooks books) {
    this.books = books;
  }

  @Override
  public void onClientMessage(String message, List<String> out) {
    if ("ping".equals(message)) {
      out.add("pong");
      return;
    }
    if (message.contains("\"subscribe\"")) {
      subscribed = true;
      for (var e : books.books.entrySet()) {
        out.add(
            "{\"event\":\"subscribe\",\"arg\":{\"channel\":\"books\",\"instId\":\""
                + e.getKey()
                + "\"}}");
        out.add(book(e.getKey(), e.getValue(), SimVenueBooks.full(e.getValue()), true));
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
        out.add(book(e.getKey(), e.getValue(), changes, false));
      }
      if (books.tradeNow()) {
        out.add(
            "{\"arg\":{\"channel\":\"trades\",\"instId\":\""
                + e.getKey()
                + "\"},\"data\":[{"
                + "\"instId\":\""
                + e.getKey()
                + "\",\"tradeId\":\""
                + books.tradeId()
                + "\",\"px\":\""
                + SimBook.price(e.getValue().bestAsk())
                + "\",\"sz\":\"0.01\",\"side\":\"buy\",\"ts\":\""
                + System.currentTimeMillis()
                + "\"}]}");
      }
    }
  }

  private String book(String instId, SimBook book, List<SimBook.Change> changes, boolean snapshot) {
    long[] seq = seqIds.computeIfAbsent(instId, k -> new long[] {1000});
    if (gap && !snapshot) {
      seq[0]++; // the update with this seqId is never sent
      gap = false;
    }
    long prev = snapshot ? -1 : seq[0];
    long seqId = ++seq[0];
    int checksum = checksums.okx(SimVenueBooks.asOrderBook(book), 2, 4);
    if (badChecksum && !snapshot) {
      checksum++;
      badChecksum = false;
    }
    StringBuilder asks = new StringBuilder();
    StringBuilder bids = new StringBuilder();
    for (SimBook.Change c : changes) {
      StringBuilder side = c.bid() ? bids : asks;
      side.append(side.isEmpty() ? "" : ",")
          .append("[\"")
          .append(SimBook.price(c.priceCents()))
          .append("\",\"")
          .append(SimBook.size(c.sizeLots()))
          .append("\",\"0\",\"1\"]");
    }
    return "{\"arg\":{\"channel\":\"books\",\"instId\":\""
        + instId
        + "\"},\"action\":\""
        + (snapshot ? "snapshot" : "update")
        + "\",\"data\":[{\"asks\":["
        + asks
        + "],\"bids\":["
        + bids
        + "],\"ts\":\""
        + System.currentTimeMillis()
        + "\",\"checksum\":"
        + checksum
        + ",\"prevSeqId\":"
        + prev
        + ",\"seqId\":"
        + seqId
        + "}]}";
  }

  @Override
  public boolean inject(Fault fault) {
    switch (fault) {
      case SEQUENCE_GAP -> gap = true;
      case BAD_CHECKSUM -> badChecksum = true;
      default -> {
        return false;
      }
    }
    return true;
  }
}
