package io.deepalpha.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Exact decimals as a {@code long} mantissa and a decimal scale: value = mantissa / 10^scale.
 *
 * <p>Prices and sizes travel this way so that what is stored is exactly what the venue sent. A
 * value with more decimal places than the scale is an error, never rounded: rounding a price
 * silently would turn a feed problem into a wrong spread.
 */
public final class FixedPoint {

  /** The largest scale whose 10^scale still fits a {@code long}. */
  public static final int MAX_SCALE = 18;

  /**
   * Avro field property that marks a {@code long} field as fixed-point; its value names the {@code
   * int} field of the same record that holds the scale.
   */
  public static final String SCHEMA_PROPERTY = "fixedPoint";

  private static final long[] POW10 = new long[MAX_SCALE + 1];

  static {
    POW10[0] = 1;
    for (int i = 1; i <= MAX_SCALE; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  // The fast parser accumulates negatively so that Long.MIN_VALUE itself parses.
  private static final long MIN_DIV_10 = Long.MIN_VALUE / 10;
  private static final int MIN_LAST_DIGIT = (int) -(Long.MIN_VALUE % 10);

  private FixedPoint() {}

  /** 10^scale. */
  public static long pow10(int scale) {
    checkScale(scale);
    return POW10[scale];
  }

  /**
   * Parses any form {@link BigDecimal} accepts ("43251.12000000", "+0.1", "-5", "1e-5") into a
   * mantissa at {@code scale}.
   *
   * @throws IllegalArgumentException if the text is not a decimal number or the scale is not 0..18
   * @throws ArithmeticException if the value has non-zero digits beyond the scale or overflows
   */
  public static long parse(String decimal, int scale) {
    Objects.requireNonNull(decimal, "decimal");
    checkScale(scale);
    BigDecimal value;
    try {
      value = new BigDecimal(decimal);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a decimal number: '" + decimal + "'", e);
    }
    return toMantissa(value, scale);
  }

  /**
   * The mantissa of {@code value} at {@code scale}, exactly.
   *
   * @throws ArithmeticException if the value has non-zero digits beyond the scale or overflows
   */
  public static long toMantissa(BigDecimal value, int scale) {
    checkScale(scale);
    // Strip first: "1e-999999999" or a thousand trailing zeros must fail or pass cheaply.
    BigDecimal exact = value.stripTrailingZeros();
    if (exact.scale() > scale) {
      // toString, not toPlainString: "1e-999999999" must not become a billion-character message.
      throw new ArithmeticException(
          value + " has more decimal places than scale " + scale + " allows");
    }
    if (exact.signum() != 0 && exact.precision() - exact.scale() > 19) {
      throw overflow(value.toString(), scale);
    }
    try {
      return exact.setScale(scale).unscaledValue().longValueExact();
    } catch (ArithmeticException e) {
      throw overflow(value.toPlainString(), scale);
    }
  }

  /**
   * Parses the plain decimal {@code text[start, end)} into a mantissa at {@code scale} without
   * allocating, for the ingest hot path. Accepts an optional leading '+' or '-', digits, and at
   * most one '.'; no exponent, no spaces. Zeros beyond the scale are fine ("0.10000000" at scale
   * 4). Only the error path allocates.
   *
   * @throws IllegalArgumentException if the text is not such a decimal or the scale is not 0..18
   * @throws ArithmeticException if the value has non-zero digits beyond the scale or overflows
   */
  public static long parse(CharSequence text, int start, int end, int scale) {
    checkScale(scale);
    Objects.checkFromToIndex(start, end, text.length());
    int i = start;
    boolean negative = false;
    if (i < end && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    long acc = 0;
    int digits = 0;
    int fractionDigits = 0;
    boolean seenPoint = false;
    for (; i < end; i++) {
      char c = text.charAt(i);
      if (c == '.' && !seenPoint) {
        seenPoint = true;
        continue;
      }
      if (c < '0' || c > '9') {
        throw notADecimal(text, start, end);
      }
      int digit = c - '0';
      digits++;
      if (seenPoint && fractionDigits == scale) {
        if (digit != 0) {
          throw tooPrecise(text, start, end, scale);
        }
        continue;
      }
      if (seenPoint) {
        fractionDigits++;
      }
      if (acc < MIN_DIV_10 || (acc == MIN_DIV_10 && digit > MIN_LAST_DIGIT)) {
        throw overflow(text.subSequence(start, end).toString(), scale);
      }
      acc = acc * 10 - digit;
    }
    if (digits == 0) {
      throw notADecimal(text, start, end);
    }
    long factor = POW10[scale - fractionDigits];
    if (acc < Long.MIN_VALUE / factor || (!negative && acc * factor == Long.MIN_VALUE)) {
      throw overflow(text.subSequence(start, end).toString(), scale);
    }
    long scaled = acc * factor;
    return negative ? scaled : -scaled;
  }

  /** The shortest exact decimal text: (432511200, 4) gives "43251.12", zero gives "0". */
  public static String toString(long mantissa, int scale) {
    checkScale(scale);
    if (mantissa == 0) {
      return "0";
    }
    return BigDecimal.valueOf(mantissa, scale).stripTrailingZeros().toPlainString();
  }

  /** The exact value as a {@link BigDecimal}. */
  public static BigDecimal toBigDecimal(long mantissa, int scale) {
    checkScale(scale);
    return BigDecimal.valueOf(mantissa, scale);
  }

  /** Throws if {@code scale} is not 0..18. */
  public static int checkScale(int scale) {
    if (scale < 0 || scale > MAX_SCALE) {
      throw new IllegalArgumentException("scale must be 0.." + MAX_SCALE + ", was " + scale);
    }
    return scale;
  }

  private static IllegalArgumentException notADecimal(CharSequence text, int start, int end) {
    return new IllegalArgumentException(
        "not a plain decimal number: '" + text.subSequence(start, end) + "'");
  }

  private static ArithmeticException tooPrecise(CharSequence text, int start, int end, int scale) {
    return new ArithmeticException(
        text.subSequence(start, end) + " has more decimal places than scale " + scale + " allows");
  }

  private static ArithmeticException overflow(String text, int scale) {
    return new ArithmeticException(text + " does not fit a long mantissa at scale " + scale);
  }
}
