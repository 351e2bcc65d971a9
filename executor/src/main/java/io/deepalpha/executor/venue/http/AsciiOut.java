package io.deepalpha.executor.venue.http;

/**
 * Writes ASCII text into a preallocated byte array, for HTTP requests built without allocation:
 * strings, integers, fixed-point decimals, lower-case hex.
 */
public final class AsciiOut {
  private static final byte[] HEX = "0123456789abcdef".getBytes();
  public final byte[] bytes;
  public int position;

  public AsciiOut(int capacity) {
    bytes = new byte[capacity];
  }

  public AsciiOut reset() {
    position = 0;
    return this;
  }

  public AsciiOut put(CharSequence s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      bytes[position++] = (byte) s.charAt(i);
    }
    return this;
  }

  public AsciiOut put(byte[] src, int off, int len) {
    System.arraycopy(src, off, bytes, position, len);
    position += len;
    return this;
  }

  public AsciiOut put(char c) {
    bytes[position++] = (byte) c;
    return this;
  }

  public AsciiOut putLong(long v) {
    if (v == 0) {
      bytes[position++] = '0';
      return this;
    }
    if (v < 0) {
      bytes[position++] = '-';
      v = -v;
    }
    int digits = 0;
    for (long t = v; t > 0; t /= 10) {
      digits++;
    }
    for (int i = position + digits - 1; i >= position; i--) {
      bytes[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    position += digits;
    return this;
  }

  /** The decimal mantissa / 10^scale, without trailing zeros ("65000", "0.001"). */
  public AsciiOut putFixed(long mantissa, int scale) {
    if (mantissa < 0) {
      bytes[position++] = '-';
      mantissa = -mantissa;
    }
    long pow = 1;
    for (int i = 0; i < scale; i++) {
      pow *= 10;
    }
    putLong(mantissa / pow);
    long frac = mantissa % pow;
    if (frac != 0) {
      int digits = scale;
      while (frac % 10 == 0) {
        frac /= 10;
        digits--;
      }
      bytes[position++] = '.';
      for (int i = position + digits - 1; i >= position; i--) {
        bytes[i] = (byte) ('0' + frac % 10);
        frac /= 10;
      }
      position += digits;
    }
    return this;
  }

  public AsciiOut putHex(byte[] src, int off, int len) {
    for (int i = off; i < off + len; i++) {
      bytes[position++] = HEX[(src[i] >>> 4) & 0xf];
      bytes[position++] = HEX[src[i] & 0xf];
    }
    return this;
  }

  public AsciiOut crlf() {
    bytes[position++] = '\r';
    bytes[position++] = '\n';
    return this;
  }
}
