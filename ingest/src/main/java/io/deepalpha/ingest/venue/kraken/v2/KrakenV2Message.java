package io.deepalpha.ingest.venue.kraken.v2;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.deepalpha.ingest.json.FrameException;
import io.deepalpha.ingest.json.IsoTime;
import io.deepalpha.ingest.json.Json;
import io.deepalpha.ingest.json.Levels;
import io.deepalpha.ingest.json.TextSlab;
import java.io.IOException;
import java.util.Arrays;

/**
 * One Kraken WebSocket v2 frame, {@code {"channel"|"method", "type", "data":[{...}, ...]}}, read
 * into reused slots in whatever order its fields come: the top-level names and every {@code data}
 * entry's fields (book {@code bids/asks} of {@code {price, qty}} objects, {@code checksum}, trade
 * and ticker fields, {@code timestamp}). Prices and quantities are JSON numbers; their text is kept
 * exactly as sent and scaled once the symbol's instrument is known.
 */
final class KrakenV2Message {
  String channel;
  String type;
  String method;
  boolean success;
  String error;
  int count;
  Entry[] entries = {new Entry()};

  /** One element of {@code data}. */
  static final class Entry {
    final Levels levels = new Levels();
    final TextSlab scalars = new TextSlab();
    String symbol;
    String side;
    long checksum;
    long timeUs;
    int price;
    int qty;
    int bid;
    int bidQty;
    int ask;
    int askQty;
    int tradeId;

    void clear() {
      levels.clear();
      scalars.clear();
      symbol = side = null;
      checksum = -1;
      timeUs = -1;
      price = qty = bid = bidQty = ask = askQty = tradeId = -1;
    }
  }

  /** Reads the object after its START_OBJECT token, up to its END_OBJECT. */
  void read(JsonParser parser) throws IOException {
    channel = type = method = error = null;
    success = false;
    count = 0;
    while (Json.next(parser) != JsonToken.END_OBJECT) {
      String name = parser.currentName();
      JsonToken value = Json.next(parser);
      switch (name) {
        case "channel" -> channel = text(parser, value, "channel");
        case "type" -> type = text(parser, value, "type");
        case "method" -> method = text(parser, value, "method");
        case "error" -> error = value == JsonToken.VALUE_STRING ? parser.getText() : "error";
        case "success" -> success = value == JsonToken.VALUE_TRUE;
        case "data" -> readData(parser, value);
        default -> parser.skipChildren(); // result, time_in, time_out, req_id, warnings...
      }
    }
  }

  private void readData(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw new FrameException(FrameException.DECODE, "data: not an array");
    }
    while (Json.next(parser) != JsonToken.END_ARRAY) {
      Json.expect(parser, JsonToken.START_OBJECT, "data entry");
      if (count == entries.length) {
        entries = Arrays.copyOf(entries, count * 2);
      }
      if (entries[count] == null) {
        entries[count] = new Entry();
      }
      Entry entry = entries[count++];
      entry.clear();
      readEntry(parser, entry);
    }
  }

  private static void readEntry(JsonParser parser, Entry e) throws IOException {
    while (Json.next(parser) != JsonToken.END_OBJECT) {
      String name = parser.currentName();
      JsonToken value = Json.next(parser);
      switch (name) {
        case "symbol" -> e.symbol = text(parser, value, "symbol");
        case "bids" -> readLevels(parser, value, e.levels, true);
        case "asks" -> readLevels(parser, value, e.levels, false);
        case "checksum" -> e.checksum = checksum(parser, value);
        case "timestamp" -> {
          if (value != JsonToken.VALUE_STRING) {
            throw new FrameException(FrameException.DECODE, "timestamp: not a string");
          }
          e.timeUs =
              IsoTime.micros(
                  parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        }
        case "price" -> e.price = scalar(parser, value, e.scalars, "price");
        case "qty" -> e.qty = scalar(parser, value, e.scalars, "qty");
        case "bid" -> e.bid = scalar(parser, value, e.scalars, "bid");
        case "bid_qty" -> e.bidQty = scalar(parser, value, e.scalars, "bid_qty");
        case "ask" -> e.ask = scalar(parser, value, e.scalars, "ask");
        case "ask_qty" -> e.askQty = scalar(parser, value, e.scalars, "ask_qty");
        case "trade_id" -> e.tradeId = scalar(parser, value, e.scalars, "trade_id");
        case "side" -> e.side = text(parser, value, "side");
        default -> parser.skipChildren(); // ord_type, last, volume, vwap, status fields...
      }
    }
  }

  /** {@code [{"price":p,"qty":q}, ...]}; the parser is on the array's START_ARRAY. */
  private static void readLevels(JsonParser parser, JsonToken value, Levels levels, boolean bid)
      throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw new FrameException(FrameException.DECODE, (bid ? "bids" : "asks") + ": not an array");
    }
    TextSlab text = levels.text();
    while (Json.next(parser) != JsonToken.END_ARRAY) {
      Json.expect(parser, JsonToken.START_OBJECT, "level");
      int price = -1;
      int qty = -1;
      while (Json.next(parser) != JsonToken.END_OBJECT) {
        String name = parser.currentName();
        JsonToken v = Json.next(parser);
        switch (name) {
          case "price" -> price = scalar(parser, v, text, "level price");
          case "qty" -> qty = scalar(parser, v, text, "level qty");
          default -> parser.skipChildren();
        }
      }
      if (price < 0 || qty < 0) {
        throw new FrameException(FrameException.DECODE, "level without price or qty");
      }
      levels.add(bid, price, qty);
    }
  }

  private static long checksum(JsonParser parser, JsonToken value) throws IOException {
    long checksum = Json.longValue(parser, "checksum");
    if (value != JsonToken.VALUE_NUMBER_INT || checksum < 0 || checksum > 0xFFFF_FFFFL) {
      throw new FrameException(FrameException.DECODE, "checksum: not an unsigned 32-bit integer");
    }
    return checksum;
  }

  private static int scalar(JsonParser parser, JsonToken value, TextSlab slab, String what)
      throws IOException {
    if (!Json.isScalarText(value)) {
      throw new FrameException(FrameException.DECODE, what + ": not a number");
    }
    return slab.add(parser);
  }

  private static String text(JsonParser parser, JsonToken value, String what) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw new FrameException(FrameException.DECODE, what + ": not a string");
    }
    return parser.getText();
  }
}
