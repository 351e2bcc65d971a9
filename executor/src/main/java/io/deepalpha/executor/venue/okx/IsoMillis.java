package io.deepalpha.executor.venue.okx;

import io.deepalpha.executor.venue.http.AsciiOut;

/** Writes epoch milliseconds as ISO 8601 UTC with milliseconds (2020-12-08T09:08:57.715Z). */
final class IsoMillis {
  private IsoMillis() {}

  static void write(long epochMs, AsciiOut out) {
    long days = Math.floorDiv(epochMs, 86_400_000L);
    long msOfDay = Math.floorMod(epochMs, 86_400_000L);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    digits(out, year, 4).put('-');
    digits(out, month, 2).put('-');
    digits(out, day, 2).put('T');
    digits(out, msOfDay / 3_600_000, 2).put(':');
    digits(out, msOfDay / 60_000 % 60, 2).put(':');
    digits(out, msOfDay / 1000 % 60, 2).put('.');
    digits(out, msOfDay % 1000, 3).put('Z');
  }

  private static AsciiOut digits(AsciiOut out, long v, int width) {
    for (int i = out.position + width - 1; i >= out.position; i--) {
      out.bytes[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    out.position += width;
    return out;
  }
}
