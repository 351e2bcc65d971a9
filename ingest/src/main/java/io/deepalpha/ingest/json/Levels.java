package io.deepalpha.ingest.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * The price levels of one frame as text, in arrival order, until the frame's instrument (and so its
 * scales) is known. Reused frame after frame.
 */
public final class Levels {
  private final TextSlab text = new TextSlab();
  private int[] prices = new int[64];
  private int[] sizes = new int[64];
  private boolean[] bids = new boolean[64];
  private long[] priceValues = new long[64];
  private long[] sizeValues = new long[64];
  private int count;

  public void clear() {
    text.clear();
    count = 0;
  }

  public int count() {
    return count;
  }

  public boolean bid(int i) {
    return bids[i];
  }

  public TextSlab text() {
    return text;
  }

  public int priceIndex(int i) {
    return prices[i];
  }

  public int sizeIndex(int i) {
    return sizes[i];
  }

  /**
   * Parses and checks every level at the instrument's scales before any is applied, so that a bad
   * value cannot leave a book half-updated: prices must be positive, sizes not negative.
   */
  public void resolve(int priceScale, int sizeScale) {
    if (priceValues.length < count) {
      priceValues = new long[prices.length];
      sizeValues = new long[prices.length];
    }
    for (int i = 0; i < count; i++) {
      long price = text.decimal(prices[i], priceScale);
      if (price <= 0) {
        throw new FrameException(FrameException.VALIDATE, "level price " + text.text(prices[i]));
      }
      priceValues[i] = price;
      sizeValues[i] = size(i, sizeScale);
    }
  }

  /** Price of level {@code i} after {@link #resolve}. */
  public long priceValue(int i) {
    return priceValues[i];
  }

  /** Size of level {@code i} after {@link #resolve}. */
  public long sizeValue(int i) {
    return sizeValues[i];
  }

  public long price(int i, int scale) {
    return text.decimal(prices[i], scale);
  }

  public long size(int i, int scale) {
    long size = text.decimal(sizes[i], scale);
    if (size < 0) {
      throw new FrameException(FrameException.VALIDATE, "negative size " + text.text(sizes[i]));
    }
    return size;
  }

  public void add(boolean bid, int priceIndex, int sizeIndex) {
    if (count == prices.length) {
      prices = Arrays.copyOf(prices, count * 2);
      sizes = Arrays.copyOf(sizes, count * 2);
      bids = Arrays.copyOf(bids, count * 2);
    }
    prices[count] = priceIndex;
    sizes[count] = sizeIndex;
    bids[count] = bid;
    count++;
  }

  /**
   * Reads {@code [[price, size, ...], ...]} at the current START_ARRAY token; elements after the
   * size (OKX order counts, Kraken timestamps) are skipped.
   */
  public void readArrayOfPairs(JsonParser parser, boolean bid, String what) throws IOException {
    Json.expect(parser, JsonToken.START_ARRAY, what);
    while (Json.next(parser) != JsonToken.END_ARRAY) {
      Json.expect(parser, JsonToken.START_ARRAY, what);
      int price = scalar(parser, what);
      int size = scalar(parser, what);
      skipRest(parser);
      add(bid, price, size);
    }
  }

  private int scalar(JsonParser parser, String what) throws IOException {
    if (!Json.isScalarText(Json.next(parser))) {
      throw new FrameException(FrameException.DECODE, what + ": level is not [price, size]");
    }
    return text.add(parser);
  }

  /** Skips to the END_ARRAY of the current array. */
  public static void skipRest(JsonParser parser) throws IOException {
    JsonToken token;
    while ((token = Json.next(parser)) != JsonToken.END_ARRAY) {
      if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
        parser.skipChildren();
      }
    }
  }
}
