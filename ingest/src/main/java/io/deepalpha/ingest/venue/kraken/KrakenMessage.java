package io.deepalpha.ingest.venue.kraken;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.deepalpha.ingest.json.FrameException;
import io.deepalpha.ingest.json.Json;
import io.deepalpha.ingest.json.Levels;
import io.deepalpha.ingest.json.TextSlab;
import java.io.IOException;
import java.util.Arrays;

/**
 * One Kraken WebSocket v1 channel message, {@code [channelID, payload..., channelName, pair]}, read
 * into reused slots. The channel name and pair come last, so every payload is read before its
 * meaning is known: book objects ({@code as/bs} snapshot, {@code a/b} update, {@code c} checksum),
 * ticker objects ({@code a/b} = [price, wholeLotVolume, lotVolume]) and trade arrays.
 */
final class KrakenMessage {
  final Levels levels = new Levels();
  final TextSlab scalars = new TextSlab();
  String channelName;
  String pair;
  boolean snapshot;
  long checksum;
  long maxLevelTimeUs;
  int tickerBid;
  int tickerBidSize;
  int tickerAsk;
  int tickerAskSize;
  int trades;
  int[] tradePrice = new int[16];
  int[] tradeVolume = new int[16];
  int[] tradeTime = new int[16];
  String[] tradeSide = new String[16];

  void clear() {
    levels.clear();
    scalars.clear();
    channelName = pair = null;
    snapshot = false;
    checksum = -1;
    maxLevelTimeUs = -1;
    tickerBid = tickerBidSize = tickerAsk = tickerAskSize = -1;
    trades = 0;
  }

  /** Reads the array after its START_ARRAY token. */
  void readChannelMessage(JsonParser parser) throws IOException {
    clear();
    if (Json.next(parser) != JsonToken.VALUE_NUMBER_INT) {
      throw new FrameException(FrameException.DECODE, "channel message without channelID");
    }
    JsonToken token;
    while ((token = Json.next(parser)) != JsonToken.END_ARRAY) {
      switch (token) {
        case START_OBJECT -> readObjectPayload(parser);
        case START_ARRAY -> readArrayPayload(parser);
        case VALUE_STRING -> {
          if (channelName == null) {
            channelName = parser.getText();
          } else if (pair == null) {
            pair = parser.getText();
          } else {
            throw new FrameException(FrameException.DECODE, "unexpected string after pair");
          }
        }
        default -> throw new FrameException(FrameException.DECODE, "unexpected " + token);
      }
    }
    if (channelName == null || pair == null) {
      throw new FrameException(FrameException.DECODE, "missing channelName/pair");
    }
  }

  private void readObjectPayload(JsonParser parser) throws IOException {
    while (Json.next(parser) != JsonToken.END_OBJECT) {
      String name = parser.currentName();
      JsonToken value = Json.next(parser);
      switch (name) {
        case "as", "bs" -> {
          snapshot = true;
          readBookLevels(parser, name.charAt(0) == 'b');
        }
        case "a", "b" -> {
          if (value != JsonToken.START_ARRAY) {
            throw new FrameException(FrameException.DECODE, name + ": not an array");
          }
          JsonToken first = Json.next(parser);
          if (first == JsonToken.START_ARRAY) {
            readBookLevelsFrom(parser, name.charAt(0) == 'b');
          } else if (first == JsonToken.END_ARRAY) {
            continue; // an empty update side: nothing changed there
          } else {
            readTickerSide(parser, name.charAt(0) == 'b');
          }
        }
        case "c" -> {
          if (value == JsonToken.VALUE_STRING) {
            checksum = Json.longValue(parser, "c");
          } else {
            parser.skipChildren(); // ticker "c" = last trade [price, volume]
          }
        }
        default -> parser.skipChildren();
      }
    }
  }

  private void readBookLevels(JsonParser parser, boolean bid) throws IOException {
    Json.expect(parser, JsonToken.START_ARRAY, "levels");
    if (Json.next(parser) != JsonToken.END_ARRAY) {
      readBookLevelsFrom(parser, bid);
    }
  }

  /** Levels [price, volume, timestamp, ("r")]; the parser is on the first level's START_ARRAY. */
  private void readBookLevelsFrom(JsonParser parser, boolean bid) throws IOException {
    do {
      Json.expect(parser, JsonToken.START_ARRAY, "level");
      int price = scalar(parser, levels.text(), "level price");
      int volume = scalar(parser, levels.text(), "level volume");
      if (!Json.isScalarText(Json.next(parser))) {
        throw new FrameException(FrameException.DECODE, "level timestamp");
      }
      int time = scalars.add(parser);
      maxLevelTimeUs = Math.max(maxLevelTimeUs, scalars.decimal(time, 6));
      Levels.skipRest(parser);
      levels.add(bid, price, volume);
    } while (Json.next(parser) != JsonToken.END_ARRAY);
  }

  /** Ticker [price, wholeLotVolume, lotVolume]; the parser is on the price. */
  private void readTickerSide(JsonParser parser, boolean bid) throws IOException {
    if (!Json.isScalarText(parser.currentToken())) {
      throw new FrameException(FrameException.DECODE, "ticker side");
    }
    int price = scalars.add(parser);
    Json.next(parser); // whole lot volume
    int lotVolume = scalar(parser, scalars, "ticker lot volume");
    Levels.skipRest(parser);
    if (bid) {
      tickerBid = price;
      tickerBidSize = lotVolume;
    } else {
      tickerAsk = price;
      tickerAskSize = lotVolume;
    }
  }

  /** Trades [[price, volume, time, side, orderType, misc], ...] or a spread array. */
  private void readArrayPayload(JsonParser parser) throws IOException {
    JsonToken first = Json.next(parser);
    if (first != JsonToken.START_ARRAY) {
      if (first != JsonToken.END_ARRAY) {
        Levels.skipRest(parser); // spread: not normalized
      }
      return;
    }
    do {
      Json.expect(parser, JsonToken.START_ARRAY, "trade");
      grow();
      tradePrice[trades] = scalar(parser, scalars, "trade price");
      tradeVolume[trades] = scalar(parser, scalars, "trade volume");
      tradeTime[trades] = scalar(parser, scalars, "trade time");
      if (Json.next(parser) != JsonToken.VALUE_STRING) {
        throw new FrameException(FrameException.DECODE, "trade side");
      }
      tradeSide[trades] = parser.getText();
      Levels.skipRest(parser);
      trades++;
    } while (Json.next(parser) != JsonToken.END_ARRAY);
  }

  private static int scalar(JsonParser parser, TextSlab slab, String what) throws IOException {
    if (!Json.isScalarText(Json.next(parser))) {
      throw new FrameException(FrameException.DECODE, what);
    }
    return slab.add(parser);
  }

  private void grow() {
    if (trades == tradePrice.length) {
      int n = trades * 2;
      tradePrice = Arrays.copyOf(tradePrice, n);
      tradeVolume = Arrays.copyOf(tradeVolume, n);
      tradeTime = Arrays.copyOf(tradeTime, n);
      tradeSide = Arrays.copyOf(tradeSide, n);
    }
  }
}
