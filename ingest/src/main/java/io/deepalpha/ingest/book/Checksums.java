package io.deepalpha.ingest.book;

import java.util.zip.CRC32;

/**
 * The CRC32 book checksums of OKX and Kraken (FACTS.md §3, §4), computed from the book's mantissas
 * into a reused byte buffer: no strings.
 */
public final class Checksums {
  private final CRC32 crc = new CRC32();
  private byte[] buffer = new byte[4096];
  private int length;

  /**
   * OKX: the first 25 levels, interleaved bid:ask, "price:size" joined by ':', each value written
   * as its shortest exact decimal; CRC32 as a signed 32-bit integer.
   */
  public int okx(OrderBook book, int priceScale, int sizeScale) {
    length = 0;
    BookSide bids = book.bids();
    BookSide asks = book.asks();
    for (int i = 0; i < 25; i++) {
      if (i < bids.depth()) {
        okxLevel(bids, i, priceScale, sizeScale);
      }
      if (i < asks.depth()) {
        okxLevel(asks, i, priceScale, sizeScale);
      }
    }
    if (length > 0) {
      length--; // the trailing ':'
    }
    crc.reset();
    crc.update(buffer, 0, length);
    return (int) crc.getValue();
  }

  private void okxLevel(BookSide side, int i, int priceScale, int sizeScale) {
    appendShortest(side.price(i), priceScale);
    append((byte) ':');
    appendShortest(side.size(i), sizeScale);
    append((byte) ':');
  }

  /**
   * Kraken: asks (best 10, ascending) then bids (best 10, descending); each price and quantity as
   * written by the venue ({@code priceDecimals}/{@code sizeDecimals} fraction digits) without the
   * '.' and without leading zeros; unsigned CRC32.
   */
  public long kraken(
      OrderBook book, int priceScale, int sizeScale, int priceDecimals, int sizeDecimals) {
    length = 0;
    krakenSide(book.asks(), priceScale, sizeScale, priceDecimals, sizeDecimals);
    krakenSide(book.bids(), priceScale, sizeScale, priceDecimals, sizeDecimals);
    crc.reset();
    crc.update(buffer, 0, length);
    return crc.getValue();
  }

  private void krakenSide(
      BookSide side, int priceScale, int sizeScale, int priceDecimals, int sizeDecimals) {
    int n = Math.min(10, side.depth());
    for (int i = 0; i < n; i++) {
      appendDigits(rescale(side.price(i), priceScale, priceDecimals));
      appendDigits(rescale(side.size(i), sizeScale, sizeDecimals));
    }
  }

  /** The mantissa at {@code decimals} fraction digits (the venue's text without its '.'). */
  private static long rescale(long mantissa, int scale, int decimals) {
    long value = mantissa;
    for (int s = scale; s > decimals; s--) {
      value /= 10;
    }
    for (int s = scale; s < decimals; s++) {
      value *= 10;
    }
    return value;
  }

  /** Writes {@code mantissa / 10^scale} as the shortest exact decimal ("3366.1", "7", "0.5"). */
  private void appendShortest(long mantissa, int scale) {
    long value = mantissa;
    if (value < 0) {
      append((byte) '-');
      value = -value;
    }
    int fraction = scale;
    while (fraction > 0 && value % 10 == 0) {
      value /= 10;
      fraction--;
    }
    long unit = 1;
    for (int i = 0; i < fraction; i++) {
      unit *= 10;
    }
    appendDigits(value / unit);
    if (fraction > 0) {
      append((byte) '.');
      long rest = value % unit;
      for (long div = unit / 10; div > 0; div /= 10) {
        append((byte) ('0' + (rest / div) % 10));
      }
    }
  }

  private void appendDigits(long value) {
    if (value == 0) {
      append((byte) '0');
      return;
    }
    int start = length;
    for (long v = value; v > 0; v /= 10) {
      append((byte) ('0' + v % 10));
    }
    for (int i = start, j = length - 1; i < j; i++, j--) {
      byte t = buffer[i];
      buffer[i] = buffer[j];
      buffer[j] = t;
    }
  }

  private void append(byte b) {
    if (length == buffer.length) {
      buffer = java.util.Arrays.copyOf(buffer, length * 2);
    }
    buffer[length++] = b;
  }
}
