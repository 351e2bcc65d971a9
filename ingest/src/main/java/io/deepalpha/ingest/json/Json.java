package io.deepalpha.ingest.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/** The one Jackson factory of the adapters, and small streaming helpers they share. */
public final class Json {
  /**
   * Streaming only (no databind): the adapters read tokens straight into fixed-point longs.
   * Canonicalizing field names keeps their Strings interned across frames, so a name costs no
   * allocation after the first frame.
   */
  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(64).build())
          .build();

  private Json() {}

  public static JsonParser parser(byte[] frame) throws IOException {
    return FACTORY.createParser(frame);
  }

  /** Moves to the next token and fails with a decode error when the frame ends. */
  public static JsonToken next(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw new FrameException(FrameException.DECODE, "frame ends inside a JSON value");
    }
    return token;
  }

  /** Fails unless the current token is {@code expected}. */
  public static void expect(JsonParser parser, JsonToken expected, String what) throws IOException {
    if (parser.currentToken() != expected) {
      throw new FrameException(
          FrameException.DECODE,
          what + ": expected " + expected + " but found " + parser.currentToken());
    }
  }

  /** True for a scalar that can carry a decimal: a JSON string or number. */
  public static boolean isScalarText(JsonToken token) {
    return token == JsonToken.VALUE_STRING
        || token == JsonToken.VALUE_NUMBER_INT
        || token == JsonToken.VALUE_NUMBER_FLOAT;
  }

  /** A long from a JSON number or a numeric string ("1652459225393"). */
  public static long longValue(JsonParser parser, String what) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT) {
      return parser.getLongValue();
    }
    if (token == JsonToken.VALUE_STRING) {
      return parseLong(
          parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), what);
    }
    throw new FrameException(FrameException.DECODE, what + ": expected an integer, found " + token);
  }

  static long parseLong(char[] chars, int offset, int length, String what) {
    if (length == 0 || length > 19) {
      throw new FrameException(FrameException.DECODE, what + ": not an integer");
    }
    boolean negative = chars[offset] == '-';
    int i = negative ? offset + 1 : offset;
    if (i == offset + length) {
      throw new FrameException(FrameException.DECODE, what + ": not an integer");
    }
    long value = 0;
    for (; i < offset + length; i++) {
      char c = chars[i];
      if (c < '0' || c > '9') {
        throw new FrameException(FrameException.DECODE, what + ": not an integer");
      }
      value = value * 10 + (c - '0');
    }
    return negative ? -value : value;
  }
}
