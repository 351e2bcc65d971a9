package io.deepalpha.ingest.simulator;

import io.deepalpha.ingest.book.Checksums;
import io.deepalpha.model.FixedPoint;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kraken WebSocket v2 ({@code ws://host:port/kraken/v2}): {@code status} on the first message,
 * subscribe acks (an error ack for a symbol it does not list), {@code book} snapshot and updates
 * with prices and quantities as JSON numbers and the checksum on every message, {@code trade}
 * updates, a {@code heartbeat} every {@link #HEARTBEAT_STEPS} steps, pong. The checksum precision
 * is 2 price and 8 qty decimals while the numbers show at most 4 qty decimals, as on the venue
 * where the precision is not visible in the numbers.
 */
final class KrakenV2Wire implements SimWire {
  private static final int PRICE_DECIMALS = 2;
  private static final int SIZE_DECIMALS = 8;
  static final int HEARTBEAT_STEPS = 100;
  private static final Pattern SYMBOLS = Pattern.compile("\"symbol\"\\s*:\\s*\\[([^\\]]*)\\]");
  private static final DateTimeFormatter RFC3339_MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final SimVenueBooks books;
  private final Checksums checksums = new Checksums();
  private boolean statusSent;
  private boolean bookSubscribed;
  private boolean tradeSubscribed;
  private int steps;
  private int updatesToDrop;
  private boolean badChecksum;

  KrakenV2Wire(SimVenueBooks books) {
    this.books = books;
  }

  @Override
  public void onClientMessage(String message, List<String> out) {
    if (!statusSent) {
      statusSent = true;
      out.add(
          "{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"api_version\":\"v2\","
              + "\"connection_id\":12345678901234567890,\"system\":\"online\","
              + "\"version\":\"2.0.0\"}]}");
    }
    if (message.contains("\"ping\"")) {
      out.add("{\"method\":\"pong\",\"time_in\":\"" + now() + "\",\"time_out\":\"" + now() + "\"}");
      return;
    }
    if (!message.contains("\"subscribe\"")) {
      return;
    }
    boolean book = message.contains("\"book\"");
    for (String symbol : requestedSymbols(message)) {
      if (!books.books.containsKey(symbol)) {
        out.add(
            "{\"error\":\"Currency pair not supported "
                + symbol
                + "\",\"method\":\"subscribe\",\"success\":false,\"symbol\":\""
                + symbol
                + "\",\"time_in\":\""
                + now()
                + "\",\"time_out\":\""
                + now()
                + "\"}");
        continue;
      }
      out.add(
          "{\"method\":\"subscribe\",\"result\":{\"channel\":\""
              + (book ? "book\",\"depth\":10,\"snapshot\":true" : "trade\",\"snapshot\":false")
              + ",\"symbol\":\""
              + symbol
              + "\"},\"success\":true,\"time_in\":\""
              + now()
              + "\",\"time_out\":\""
              + now()
              + "\"}");
      if (book) {
        out.add(bookMessage("snapshot", symbol, SimVenueBooks.full(books.books.get(symbol))));
      }
    }
    bookSubscribed |= book;
    tradeSubscribed |= message.contains("\"trade\"");
  }

  private static List<String> requestedSymbols(String message) {
    List<String> symbols = new ArrayList<>();
    Matcher m = SYMBOLS.matcher(message);
    if (m.find()) {
      for (String s : m.group(1).split(",")) {
        String symbol = s.trim().replace("\"", "");
        if (!symbol.isEmpty()) {
          symbols.add(symbol);
        }
      }
    }
    return symbols;
  }

  @Override
  public void step(List<String> out) {
    if (++steps % HEARTBEAT_STEPS == 0) {
      out.add("{\"channel\":\"heartbeat\"}");
    }
    for (var e : books.books.entrySet()) {
      List<SimBook.Change> changes = books.changes.get(e.getKey());
      if (bookSubscribed && !changes.isEmpty()) {
        String update = bookMessage("update", e.getKey(), changes);
        if (updatesToDrop > 0) {
          updatesToDrop--; // lost updates: the next checksum cannot match
        } else {
          out.add(update);
        }
      }
      if (books.tradeNow() && tradeSubscribed) {
        out.add(
            "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\""
                + e.getKey()
                + "\",\"side\":\"sell\",\"price\":"
                + FixedPoint.toString(e.getValue().bestBid(), 2)
                + ",\"qty\":0.01,\"ord_type\":\"market\",\"trade_id\":"
                + books.tradeId()
                + ",\"timestamp\":\""
                + now()
                + "\"}]}");
      }
    }
  }

  private String bookMessage(String type, String symbol, List<SimBook.Change> changes) {
    StringBuilder bids = new StringBuilder();
    StringBuilder asks = new StringBuilder();
    for (SimBook.Change c : changes) {
      StringBuilder side = c.bid() ? bids : asks;
      side.append(side.isEmpty() ? "" : ",")
          .append("{\"price\":")
          .append(FixedPoint.toString(c.priceCents(), 2))
          .append(",\"qty\":")
          .append(FixedPoint.toString(c.sizeLots(), 4))
          .append('}');
    }
    long checksum =
        checksums.kraken(
            SimVenueBooks.asOrderBook(books.books.get(symbol)),
            2,
            4,
            PRICE_DECIMALS,
            SIZE_DECIMALS);
    if (badChecksum && "update".equals(type)) {
      checksum = (checksum + 1) & 0xffffffffL;
      badChecksum = false;
    }
    return "{\"channel\":\"book\",\"type\":\""
        + type
        + "\",\"data\":[{\"symbol\":\""
        + symbol
        + "\",\"bids\":["
        + bids
        + "],\"asks\":["
        + asks
        + "],\"checksum\":"
        + checksum
        + ",\"timestamp\":\""
        + now()
        + "\"}]}";
  }

  private static String now() {
    return RFC3339_MICROS.format(Instant.now());
  }

  @Override
  public boolean inject(Fault fault) {
    switch (fault) {
      case SEQUENCE_GAP -> updatesToDrop = KrakenWire.LOST_UPDATES;
      case BAD_CHECKSUM -> badChecksum = true;
      default -> {
        return false;
      }
    }
    return true;
  }
}
