package io.deepalpha.ingest.venue.binance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.deepalpha.ingest.json.FrameException;
import io.deepalpha.ingest.json.Json;
import io.deepalpha.ingest.json.Levels;
import io.deepalpha.ingest.json.TextSlab;
import java.io.IOException;

/**
 * One Binance spot message, read field by field into reused slots: bookTicker, aggTrade, trade,
 * depthUpdate (raw or wrapped in the combined stream's {"stream","data"}), and the REST depth
 * snapshot. Binance reuses letters across messages ("a" is the ask price in bookTicker, the
 * aggregate trade id in aggTrade and the ask levels in depthUpdate), so a field is told apart by
 * its JSON type.
 */
final class BinanceMessage {
  static final int NONE = -1;

  final Levels levels = new Levels();
  final TextSlab scalars = new TextSlab();
  String eventType;
  String symbol;
  long eventTime;
  long tradeTime;
  long firstUpdateId;
  long lastUpdateId;
  long snapshotUpdateId;
  long tradeId;
  long aggregateId;
  boolean buyerIsMaker;
  boolean sawData;
  boolean sawControl;
  int bidPrice;
  int bidSize;
  int askPrice;
  int askSize;
  int price;
  int quantity;

  void clear() {
    levels.clear();
    scalars.clear();
    eventType = null;
    symbol = null;
    eventTime = tradeTime = firstUpdateId = lastUpdateId = snapshotUpdateId = NONE;
    tradeId = aggregateId = NONE;
    buyerIsMaker = false;
    sawData = false;
    sawControl = false;
    bidPrice = bidSize = askPrice = askSize = price = quantity = NONE;
  }

  void read(JsonParser parser) throws IOException {
    clear();
    Json.next(parser);
    Json.expect(parser, JsonToken.START_OBJECT, "frame");
    readObject(parser, true);
    if (parser.nextToken() != null) {
      throw new FrameException(FrameException.DECODE, "data after the JSON object");
    }
  }

  private void readObject(JsonParser parser, boolean top) throws IOException {
    while (Json.next(parser) != JsonToken.END_OBJECT) {
      String name = parser.currentName();
      JsonToken value = Json.next(parser);
      if (top && "data".equals(name) && value == JsonToken.START_OBJECT) {
        sawData = true;
        readObject(parser, false);
        continue;
      }
      field(parser, name, value);
    }
  }

  private void field(JsonParser parser, String name, JsonToken value) throws IOException {
    switch (name) {
      case "e" -> eventType = string(parser, value, name);
      case "s" -> symbol = string(parser, value, name);
      case "E" -> eventTime = Json.longValue(parser, name);
      case "T" -> tradeTime = Json.longValue(parser, name);
      case "U" -> firstUpdateId = Json.longValue(parser, name);
      case "u" -> lastUpdateId = Json.longValue(parser, name);
      case "lastUpdateId" -> snapshotUpdateId = Json.longValue(parser, name);
      case "t" -> tradeId = Json.longValue(parser, name);
      case "m" -> buyerIsMaker = bool(value, name);
      case "p" -> price = scalar(parser, value, name);
      case "q" -> quantity = scalar(parser, value, name);
      case "B" -> bidSize = scalar(parser, value, name);
      case "A" -> askSize = scalar(parser, value, name);
      case "b", "bids" -> {
        if (value == JsonToken.START_ARRAY) {
          levels.readArrayOfPairs(parser, true, name);
        } else {
          bidPrice = scalar(parser, value, name);
        }
      }
      case "a", "asks" -> {
        if (value == JsonToken.START_ARRAY) {
          levels.readArrayOfPairs(parser, false, name);
        } else if (value == JsonToken.VALUE_NUMBER_INT) {
          aggregateId = parser.getLongValue();
        } else {
          askPrice = scalar(parser, value, name);
        }
      }
      case "result", "id", "code", "msg" -> {
        sawControl = true;
        parser.skipChildren();
      }
      default -> parser.skipChildren();
    }
  }

  private int scalar(JsonParser parser, JsonToken value, String name) throws IOException {
    if (!Json.isScalarText(value)) {
      throw new FrameException(
          FrameException.DECODE, name + ": expected a decimal, found " + value);
    }
    return scalars.add(parser);
  }

  private static String string(JsonParser parser, JsonToken value, String name) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw new FrameException(FrameException.DECODE, name + ": expected a string, found " + value);
    }
    return parser.getText();
  }

  private static boolean bool(JsonToken value, String name) {
    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
      throw new FrameException(FrameException.DECODE, name + ": expected a boolean");
    }
    return value == JsonToken.VALUE_TRUE;
  }

  boolean isBookTicker() {
    return eventType == null && bidPrice != NONE && askPrice != NONE
        || "bookTicker".equals(eventType);
  }

  void require(boolean condition, String what) {
    if (!condition) {
      throw new FrameException(FrameException.DECODE, "missing " + what);
    }
  }
}
