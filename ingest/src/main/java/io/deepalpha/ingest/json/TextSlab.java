package io.deepalpha.ingest.json;

import com.fasterxml.jackson.core.JsonParser;
import io.deepalpha.model.FixedPoint;
import java.io.IOException;
import java.util.Arrays;

/**
 * Growable store of short texts (prices, sizes) copied from the parser's buffer, so that a frame
 * whose symbol comes after its levels (Kraken v1) can be parsed first and scaled afterwards. Reused
 * frame after frame: after warm-up, storing and reading allocate nothing.
 */
public final class TextSlab implements CharSequence {
  private char[] chars = new char[4096];
  private int[] starts = new int[256];
  private int[] ends = new int[256];
  private int count;
  private int used;

  public void clear() {
    count = 0;
    used = 0;
  }

  public int count() {
    return count;
  }

  /** Stores the current token's text (string or number) and returns its index. */
  public int add(JsonParser parser) throws IOException {
    char[] src = parser.getTextCharacters();
    return add(src, parser.getTextOffset(), parser.getTextLength());
  }

  public int add(char[] src, int offset, int length) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
    }
    if (used + length > chars.length) {
      chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + length));
    }
    System.arraycopy(src, offset, chars, used, length);
    starts[count] = used;
    used += length;
    ends[count] = used;
    return count++;
  }

  /** The decimal at {@code index} as a fixed-point mantissa at {@code scale}. */
  public long decimal(int index, int scale) {
    return FixedPoint.parse(this, starts[index], ends[index], scale);
  }

  /** Digits after the '.' of the decimal at {@code index} (0 when none). */
  public int fractionDigits(int index) {
    for (int i = starts[index]; i < ends[index]; i++) {
      if (chars[i] == '.') {
        return ends[index] - i - 1;
      }
    }
    return 0;
  }

  /** The text at {@code index} (allocates: for ids and error messages, not for prices). */
  public String text(int index) {
    return new String(chars, starts[index], ends[index] - starts[index]);
  }

  public boolean textEquals(int index, String expected) {
    int len = ends[index] - starts[index];
    if (len != expected.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (chars[starts[index] + i] != expected.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int length() {
    return used;
  }

  @Override
  public char charAt(int index) {
    return chars[index];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new String(chars, start, end - start);
  }

  @Override
  public String toString() {
    return new String(chars, 0, used);
  }
}
