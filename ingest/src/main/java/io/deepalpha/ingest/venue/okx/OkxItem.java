package io.deepalpha.ingest.venue.okx;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.deepalpha.ingest.json.FrameException;
import io.deepalpha.ingest.json.Json;
import io.deepalpha.ingest.json.Levels;
import io.deepalpha.ingest.json.TextSlab;
import java.io.IOException;

/** One element of an OKX "data" array, read into reused slots. */
final class OkxItem {
  static final int NONE = -1;

  final Levels levels = new Levels();
  final TextSlab scalars = new TextSlab();
  String instId;
  String tradeId;
  String side;
  long ts;
  long seqId;
  long prevSeqId;
  boolean hasSeq;
  int checksum;
  int bidPx;
  int bidSz;
  int askPx;
  int askSz;
  int px;
  int sz;

  void read(JsonParser parser) throws IOException {
    levels.clear();
    scalars.clear();
    instId = tradeId = side = null;
    ts = seqId = prevSeqId = NONE;
    hasSeq = false;
    checksum = 0;
    bidPx = bidSz = askPx = askSz = px = sz = NONE;
    Json.expect(parser, JsonToken.START_OBJECT, "data[]");
    while (Json.next(parser) != JsonToken.END_OBJECT) {
      String name = parser.currentName();
      JsonToken value = Json.next(parser);
      switch (name) {
        case "asks" -> levels.readArrayOfPairs(parser, false, name);
        case "bids" -> levels.readArrayOfPairs(parser, true, name);
        case "ts" -> ts = Json.longValue(parser, name);
        case "checksum" -> checksum = (int) Json.longValue(parser, name);
        case "seqId" -> {
          seqId = Json.longValue(parser, name);
          hasSeq = true;
        }
        case "prevSeqId" -> prevSeqId = Json.longValue(parser, name);
        case "instId" -> instId = text(parser, value, name);
        case "tradeId" -> tradeId = text(parser, value, name);
        case "side" -> side = text(parser, value, name);
        case "bidPx" -> bidPx = scalar(parser, value, name);
        case "bidSz" -> bidSz = scalar(parser, value, name);
        case "askPx" -> askPx = scalar(parser, value, name);
        case "askSz" -> askSz = scalar(parser, value, name);
        case "px" -> px = scalar(parser, value, name);
        case "sz" -> sz = scalar(parser, value, name);
        default -> parser.skipChildren();
      }
    }
  }

  private int scalar(JsonParser parser, JsonToken value, String name) throws IOException {
    if (!Json.isScalarText(value)) {
      throw new FrameException(
          FrameException.DECODE, name + ": expected a decimal, found " + value);
    }
    if (parser.getTextLength() == 0) {
      return NONE; // OKX sends "" for an empty side of a ticker
    }
    return scalars.add(parser);
  }

  private static String text(JsonParser parser, JsonToken value, String name) throws IOException {
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
