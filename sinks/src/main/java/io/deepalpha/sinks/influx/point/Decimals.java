package io.deepalpha.sinks.influx.point;

/** Fixed-point to double for InfluxDB fields (analytics); exact values live in PostgreSQL. */
final class Decimals {
  private static final double[] POW10 = new double[19];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private Decimals() {}

  /** mantissa / 10^scale, correctly rounded to the nearest double for |mantissa| < 2^53. */
  static double toDouble(long mantissa, int scale) {
    return mantissa / POW10[scale];
  }

  /** The tag of an ordered venue pair: buy venue, '>', sell venue (e.g. BINANCE>OKX). */
  static String pair(Enum<?> buy, Enum<?> sell) {
    return buy.name() + ">" + sell.name();
  }
}
