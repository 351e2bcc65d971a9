package io.deepalpha.ingest.venue.bybit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.deepalpha.ingest.json.FrameException;
import io.deepalpha.ingest.json.Json;
import io.deepalpha.ingest.json.Levels;
import io.deepalpha.ingest.json.TextSlab;
import java.io.IOException;
import java.util.Arrays;

/**
 * One Bybit v5 public message read into reused slots before it is applied, because the
 * matching-engine time {@code cts} comes after {@code data}. Orderbook data is an object, trade
 * data an array, ticker data an object with whichever fields changed.
 */
final class BybitMessage {
  static final int NONE = -1;

  final Levels levels = new Levels();
  final TextSlab scalars = new TextSlab();
  String topic;
  String type;
  String symbol;
  long ts;
  long cts;
  long updateId;
  boolean control;
  boolean sawData;
  int bid1Price;
  int bid1Size;
  int ask1Price;
  int ask1Size;
  int trades;
  long[] tradeTimes = new long[16];
  int[] tradePrices = new int[16];
  int[] tradeSizes = new int[16];
  String[] tradeSides = new String[16];
  String[] tradeIds = new String[16];
  String[] tradeSymbols = new String[16];

  void read(JsonParser parser) throws IOException {
    levels.clear();
    scalars.clear();
    topic = type = symbol = null;
    ts = cts = updateId = NONE;
    control = sawData = false;
    bid1Price = bid1Size = ask1Price = ask1Size = NONE;
    trades = 0;
    Json.next(parser);
    Json.expect(parser, JsonToken.START_OBJECT, "frame");
    while (Json.next(parser) != JsonToken.END_OBJECT) {
      String name = parser.currentName();
      JsonToken value = Json.next(parser);
      switch (name) {
        case "topic" -> topic = string(parser, value, name);
        case "type" -> type = string(parser, value, name);
        case "ts" -> ts = Json.longValue(parser, name);
        case "cts" -> cts = Json.longValue(parser, name);
        case "data" -> {
          sawData = true;
          if (value == JsonToken.START_ARRAY) {
            readTrades(parser);
          } else {
            Json.expect(parser, JsonToken.START_OBJECT, "data");
            readObject(parser);
          }
        }
        case "op", "success", "ret_msg", "conn_id", "req_id", "args" -> {
          control = true;
          parser.skipChildren();
        }
        default -> parser.skipChildren();
      }
    }
  }

  private void readObject(JsonParser parser) throws IOException {
    while (Json.next(parser) != JsonToken.END_OBJECT) {
      String name = parser.currentName();
      JsonToken value = Json.next(parser);
      switch (name) {
        case "s", "symbol" -> symbol = string(parser, value, name);
        case "b" -> levels.readArrayOfPairs(parser, true, name);
        case "a" -> levels.readArrayOfPairs(parser, false, name);
        case "u" -> updateId = Json.longValue(parser, name);
        case "bid1Price" -> bid1Price = scalar(parser, value, name);
        case "bid1Size" -> bid1Size = scalar(parser, value, name);
        case "ask1Price" -> ask1Price = scalar(parser, value, name);
        case "ask1Size" -> ask1Size = scalar(parser, value, name);
        default -> parser.skipChildren();
      }
    }
  }

  private void readTrades(JsonParser parser) throws IOException {
    while (Json.next(parser) != JsonToken.END_ARRAY) {
      Json.expect(parser, JsonToken.START_OBJECT, "data[]");
      grow();
      int t = trades;
      tradeTimes[t] = NONE;
      tradePrices[t] = tradeSizes[t] = NONE;
      tradeSides[t] = tradeIds[t] = tradeSymbols[t] = null;
      while (Json.next(parser) != JsonToken.END_OBJECT) {
        String name = parser.currentName();
        JsonToken value = Json.next(parser);
        switch (name) {
          case "T" -> tradeTimes[t] = Json.longValue(parser, name);
          case "p" -> tradePrices[t] = scalar(parser, value, name);
          case "v" -> tradeSizes[t] = scalar(parser, value, name);
          case "S" -> tradeSides[t] = string(parser, value, name);
          case "i" -> tradeIds[t] = string(parser, value, name);
          case "s" -> tradeSymbols[t] = string(parser, value, name);
          default -> parser.skipChildren();
        }
      }
      trades++;
    }
  }

  private void grow() {
    if (trades == tradeTimes.length) {
      int n = trades * 2;
      tradeTimes = Arrays.copyOf(tradeTimes, n);
      tradePrices = Arrays.copyOf(tradePrices, n);
      tradeSizes = Arrays.copyOf(tradeSizes, n);
      tradeSides = Arrays.copyOf(tradeSides, n);
      tradeIds = Arrays.copyOf(tradeIds, n);
      tradeSymbols = Arrays.copyOf(tradeSymbols, n);
    }
  }

  private int scalar(JsonParser parser, JsonToken value, String name) throws IOException {
    if (!Json.isScalarText(value)) {
      throw new FrameException(
          FrameException.DECODE, name + ": expected a decimal, found " + value);
    }
    if (parser.getTextLength() == 0) {
      return NONE;
    }
    return scalars.add(parser);
  }

  private static String string(JsonParser parser, JsonToken value, String name) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw new FrameException(FrameException.DECODE, name + ": expected a string, found " + value);
    }
    return parser.getText();
  }

  void require(boolean condition, String what) {
    if (!condition) {
      throw new FrameException(FrameException.DECODE, "missing " + what);
    }
  }
}
