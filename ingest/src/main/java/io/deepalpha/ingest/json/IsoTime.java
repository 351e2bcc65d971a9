package io.deepalpha.ingest.json;

/**
 * Parses the venues' UTC timestamps ("2026-08-09T21:05:48.483587501Z") to epoch microseconds
 * without allocating: fixed layout, 0-9 fraction digits, 'Z' only (what Coinbase and Kraken send).
 */
public final class IsoTime {
  private IsoTime() {}

  public static long micros(char[] c, int offset, int length) {
    if (length < 20 || c[offset + length - 1] != 'Z') {
      throw bad();
    }
    int year = digits(c, offset, 4);
    int month = digits(c, offset + 5, 2);
    int day = digits(c, offset + 8, 2);
    int hour = digits(c, offset + 11, 2);
    int minute = digits(c, offset + 14, 2);
    int second = digits(c, offset + 17, 2);
    if (c[offset + 4] != '-'
        || c[offset + 7] != '-'
        || c[offset + 10] != 'T'
        || c[offset + 13] != ':'
        || c[offset + 16] != ':') {
      throw bad();
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
      throw bad();
    }
    long micros = 0;
    int end = offset + length - 1;
    int i = offset + 19;
    if (i < end) {
      if (c[i] != '.') {
        throw bad();
      }
      i++;
      int scale = 100_000;
      for (; i < end; i++) {
        char ch = c[i];
        if (ch < '0' || ch > '9') {
          throw bad();
        }
        micros += (ch - '0') * (long) scale;
        scale /= 10;
      }
    }
    long days = daysFromCivil(year, month, day);
    long seconds = days * 86_400L + hour * 3_600L + minute * 60L + second;
    return seconds * 1_000_000L + micros;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's civil-from-days inverse). */
  private static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }

  private static int digits(char[] c, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char ch = c[i];
      if (ch < '0' || ch > '9') {
        throw bad();
      }
      v = v * 10 + (ch - '0');
    }
    return v;
  }

  private static FrameException bad() {
    return new FrameException(FrameException.DECODE, "timestamp is not yyyy-MM-ddTHH:mm:ss[.f]Z");
  }
}
