package io.deepalpha.ingest.venue.coinbase;

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
 * Reused slots for one Coinbase message: the top-level fields of an Exchange-feed frame, or one
 * element of an Advanced Trade {@code events} array (its level2 updates, tickers or trades).
 * Decimal fields hold indices into {@link #scalars}, -1 when absent.
 */
final class CoinbaseEvent {
  final Levels levels = new Levels();
  final TextSlab scalars = new TextSlab();
  String type;
  String productId;
  String side;
  String tradeId;
  long timeUs;
  long maxEventTimeUs;
  long sequence;
  int bestBid;
  int bestAsk;
  int bestBidSize;
  int bestAskSize;
  int price;
  int size;
  int items;
  String[] itemProduct = new String[8];
  String[] itemId = new String[8];
  String[] itemSide = new String[8];
  int[] itemBid = new int[8];
  int[] itemAsk = new int[8];
  int[] itemBidSize = new int[8];
  int[] itemAskSize = new int[8];
  int[] itemPrice = new int[8];
  int[] itemSize = new int[8];
  long[] itemTimeUs = new long[8];

  void clear() {
    levels.clear();
    scalars.clear();
    type = productId = side = tradeId = null;
    timeUs = maxEventTimeUs = sequence = -1;
    bestBid = bestAsk = bestBidSize = bestAskSize = price = size = -1;
    items = 0;
  }

  /** One top-level field of an Exchange-feed frame. */
  void exchangeField(JsonParser parser, String name, JsonToken value) throws IOException {
    switch (name) {
      case "type" -> type = string(parser, value, name);
      case "product_id" -> productId = string(parser, value, name);
      case "side" -> side = string(parser, value, name);
      case "trade_id" -> tradeId = parser.getValueAsString();
      case "time" -> timeUs = time(parser, value);
      case "sequence" -> sequence = Json.longValue(parser, name);
      case "best_bid" -> bestBid = scalar(parser, value, name);
      case "best_ask" -> bestAsk = scalar(parser, value, name);
      case "best_bid_size" -> bestBidSize = scalar(parser, value, name);
      case "best_ask_size" -> bestAskSize = scalar(parser, value, name);
      case "price" -> price = scalar(parser, value, name);
      case "size" -> size = scalar(parser, value, name);
      case "bids" -> levels.readArrayOfPairs(parser, true, name);
      case "asks" -> levels.readArrayOfPairs(parser, false, name);
      case "changes" -> readChanges(parser);
      default -> parser.skipChildren();
    }
  }

  /** l2update changes: [["buy"|"sell", price, size], ...]. */
  private void readChanges(JsonParser parser) throws IOException {
    Json.expect(parser, JsonToken.START_ARRAY, "changes");
    while (Json.next(parser) != JsonToken.END_ARRAY) {
      Json.expect(parser, JsonToken.START_ARRAY, "changes[]");
      Json.next(parser);
      boolean bid = bookSide(parser);
      if (!Json.isScalarText(Json.next(parser))) {
        throw new FrameException(FrameException.DECODE, "changes[]: price");
      }
      int p = levels.text().add(parser);
      if (!Json.isScalarText(Json.next(parser))) {
        throw new FrameException(FrameException.DECODE, "changes[]: size");
      }
      int s = levels.text().add(parser);
      Levels.skipRest(parser);
      levels.add(bid, p, s);
    }
  }

  /** One element of Advanced Trade "events". */
  void readAdvanced(JsonParser parser) throws IOException {
    Json.expect(parser, JsonToken.START_OBJECT, "events[]");
    while (Json.next(parser) != JsonToken.END_OBJECT) {
      String name = parser.currentName();
      JsonToken value = Json.next(parser);
      switch (name) {
        case "type" -> type = string(parser, value, name);
        case "product_id" -> productId = string(parser, value, name);
        case "updates" -> readUpdates(parser);
        case "tickers", "trades" -> readItems(parser);
        default -> parser.skipChildren();
      }
    }
  }

  /** level2 updates: {"side":"bid"|"offer","event_time","price_level","new_quantity"}. */
  private void readUpdates(JsonParser parser) throws IOException {
    Json.expect(parser, JsonToken.START_ARRAY, "updates");
    while (Json.next(parser) != JsonToken.END_ARRAY) {
      Json.expect(parser, JsonToken.START_OBJECT, "updates[]");
      int p = -1;
      int q = -1;
      int bid = -1;
      while (Json.next(parser) != JsonToken.END_OBJECT) {
        String name = parser.currentName();
        JsonToken value = Json.next(parser);
        switch (name) {
          case "side" -> bid = bookSide(parser) ? 1 : 0;
          case "price_level" -> p = levels.text().add(checkScalar(parser, value, name));
          case "new_quantity" -> q = levels.text().add(checkScalar(parser, value, name));
          case "event_time" -> maxEventTimeUs = Math.max(maxEventTimeUs, time(parser, value));
          default -> parser.skipChildren();
        }
      }
      if (p < 0 || q < 0 || bid < 0) {
        throw new FrameException(
            FrameException.DECODE, "updates[]: missing side/price_level/new_quantity");
      }
      levels.add(bid == 1, p, q);
    }
  }

  /** ticker "tickers" or market_trades "trades": objects with a product_id each. */
  private void readItems(JsonParser parser) throws IOException {
    Json.expect(parser, JsonToken.START_ARRAY, "items");
    while (Json.next(parser) != JsonToken.END_ARRAY) {
      Json.expect(parser, JsonToken.START_OBJECT, "items[]");
      grow();
      int i = items;
      itemProduct[i] = itemId[i] = itemSide[i] = null;
      itemBid[i] = itemAsk[i] = itemBidSize[i] = itemAskSize[i] = itemPrice[i] = itemSize[i] = -1;
      itemTimeUs[i] = -1;
      while (Json.next(parser) != JsonToken.END_OBJECT) {
        String name = parser.currentName();
        JsonToken value = Json.next(parser);
        switch (name) {
          case "product_id" -> itemProduct[i] = string(parser, value, name);
          case "trade_id" -> itemId[i] = string(parser, value, name);
          case "side" -> itemSide[i] = string(parser, value, name);
          case "best_bid" -> itemBid[i] = scalar(parser, value, name);
          case "best_ask" -> itemAsk[i] = scalar(parser, value, name);
          case "best_bid_quantity" -> itemBidSize[i] = scalar(parser, value, name);
          case "best_ask_quantity" -> itemAskSize[i] = scalar(parser, value, name);
          case "price" -> itemPrice[i] = scalar(parser, value, name);
          case "size" -> itemSize[i] = scalar(parser, value, name);
          case "time" -> itemTimeUs[i] = time(parser, value);
          default -> parser.skipChildren();
        }
      }
      items++;
    }
  }

  private void grow() {
    if (items == itemProduct.length) {
      int n = items * 2;
      itemProduct = Arrays.copyOf(itemProduct, n);
      itemId = Arrays.copyOf(itemId, n);
      itemSide = Arrays.copyOf(itemSide, n);
      itemBid = Arrays.copyOf(itemBid, n);
      itemAsk = Arrays.copyOf(itemAsk, n);
      itemBidSize = Arrays.copyOf(itemBidSize, n);
      itemAskSize = Arrays.copyOf(itemAskSize, n);
      itemPrice = Arrays.copyOf(itemPrice, n);
      itemSize = Arrays.copyOf(itemSize, n);
      itemTimeUs = Arrays.copyOf(itemTimeUs, n);
    }
  }

  private static boolean bookSide(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw new FrameException(FrameException.DECODE, "side is not a string");
    }
    return switch (parser.getText()) {
      case "bid", "buy" -> true;
      case "offer", "ask", "sell" -> false;
      default ->
          throw new FrameException(FrameException.DECODE, "unknown side " + parser.getText());
    };
  }

  private int scalar(JsonParser parser, JsonToken value, String name) throws IOException {
    checkScalar(parser, value, name);
    return parser.getTextLength() == 0 ? -1 : scalars.add(parser);
  }

  private static JsonParser checkScalar(JsonParser parser, JsonToken value, String name) {
    if (!Json.isScalarText(value)) {
      throw new FrameException(
          FrameException.DECODE, name + ": expected a decimal, found " + value);
    }
    return parser;
  }

  private static long time(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw new FrameException(FrameException.DECODE, "time is not a string");
    }
    return IsoTime.micros(
        parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
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
