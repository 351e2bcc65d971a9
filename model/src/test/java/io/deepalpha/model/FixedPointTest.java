package io.deepalpha.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FixedPointTest {

  @ParameterizedTest(name = "\"{0}\" at scale {1} is {2}")
  @CsvSource({
    "43251.12000000, 4, 432511200",
    "43251.12, 4, 432511200",
    "0.1, 8, 10000000",
    "1e-5, 8, 1000",
    "1E+3, 0, 1000",
    "+7.5, 1, 75",
    "-0.0001, 4, -1",
    "0, 18, 0",
    "-0.000, 2, 0",
    "9223372036854775807, 0, 9223372036854775807",
    "-9223372036854775808, 0, -9223372036854775808",
    "9.223372036854775807, 18, 9223372036854775807",
  })
  void parsesAnyBigDecimalFormExactly(String text, int scale, long mantissa) {
    assertThat(FixedPoint.parse(text, scale)).isEqualTo(mantissa);
  }

  @ParameterizedTest(name = "\"{0}\" at scale {1} is {2}")
  @CsvSource({
    "43251.12000000, 4, 432511200",
    "43251.12, 4, 432511200",
    "0.10000000, 4, 1000",
    "+7.5, 1, 75",
    "-0.0001, 4, -1",
    "-0, 3, 0",
    ".5, 2, 50",
    "5., 2, 500",
    "000123.4500, 2, 12345",
    "9223372036854775807, 0, 9223372036854775807",
    "-9223372036854775808, 0, -9223372036854775808",
    "-9.223372036854775808, 18, -9223372036854775808",
    "922337203685477.5807, 4, 9223372036854775807",
  })
  void fastParseAgreesWithBigDecimal(String text, int scale, long mantissa) {
    String framed = "{\"p\":\"" + text + "\"}";
    int start = framed.indexOf(text);

    assertThat(FixedPoint.parse(framed, start, start + text.length(), scale)).isEqualTo(mantissa);
    assertThat(FixedPoint.parse(text, scale)).isEqualTo(mantissa);
  }

  @ParameterizedTest
  @ValueSource(strings = {"43251.12345", "0.00001", "-1.00001"})
  void fastParseRejectsNonZeroDigitsBeyondTheScale(String text) {
    assertThatThrownBy(() -> FixedPoint.parse(text, 0, text.length(), 4))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage(text + " has more decimal places than scale 4 allows");
  }

  @Test
  void parseRejectsNonZeroDigitsBeyondTheScale() {
    assertThatThrownBy(() -> FixedPoint.parse("43251.12345", 4))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("43251.12345 has more decimal places than scale 4 allows");
    assertThatThrownBy(() -> FixedPoint.parse("1e-999999999", 8))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("more decimal places than scale 8");
  }

  @ParameterizedTest(name = "\"{0}\" at scale {1} overflows")
  @CsvSource({
    "9223372036854775808, 0",
    "-9223372036854775809, 0",
    "922337203685477.5808, 4",
    "100000000000000000000, 0",
    "10, 18",
  })
  void bothParsersRejectOverflow(String text, int scale) {
    assertThatThrownBy(() -> FixedPoint.parse(text, 0, text.length(), scale))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage(text + " does not fit a long mantissa at scale " + scale);
    assertThatThrownBy(() -> FixedPoint.parse(text, scale))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("does not fit a long mantissa at scale " + scale);
  }

  @Test
  void hugeExponentOverflowsWithoutBuildingTheNumber() {
    assertThatThrownBy(() -> FixedPoint.parse("1e999999999", 4))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("1E+999999999 does not fit a long mantissa at scale 4");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "-", "+", ".", "1.2.3", "1e-5", " 1", "1 ", "--1", "+-1", "12a", "0x10"})
  void fastParseRejectsWhatIsNotAPlainDecimal(String text) {
    assertThatThrownBy(() -> FixedPoint.parse(text, 0, text.length(), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a plain decimal number: '" + text + "'");
  }

  @Test
  void parseRejectsTextThatIsNotANumber() {
    assertThatThrownBy(() -> FixedPoint.parse("12,5", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a decimal number: '12,5'");
  }

  @Test
  void scaleMustBeZeroToEighteen() {
    assertThatThrownBy(() -> FixedPoint.parse("1", 19))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scale must be 0..18, was 19");
    assertThatThrownBy(() -> FixedPoint.parse("1", 0, 1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scale must be 0..18, was -1");
    assertThatThrownBy(() -> FixedPoint.toString(1, 19))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fastParseChecksTheRangeAgainstTheText() {
    assertThatThrownBy(() -> FixedPoint.parse("123", 1, 4, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @ParameterizedTest(name = "{0} at scale {1} prints {2}")
  @CsvSource({
    "432511200, 4, 43251.12",
    "0, 4, 0",
    "0, 0, 0",
    "1, 8, 0.00000001",
    "-1, 4, -0.0001",
    "1000, 0, 1000",
    "150000000, 8, 1.5",
    "9223372036854775807, 18, 9.223372036854775807",
    "-9223372036854775808, 2, -92233720368547758.08",
  })
  void toStringIsTheShortestExactPlainDecimal(long mantissa, int scale, String text) {
    assertThat(FixedPoint.toString(mantissa, scale)).isEqualTo(text);
    assertThat(FixedPoint.parse(text, scale)).isEqualTo(mantissa);
  }

  @Test
  void toBigDecimalAndPow10AreExact() {
    assertThat(FixedPoint.toBigDecimal(432_511_200L, 4)).isEqualByComparingTo("43251.12");
    assertThat(FixedPoint.toMantissa(new BigDecimal("43251.1200"), 2)).isEqualTo(4_325_112L);
    assertThat(FixedPoint.pow10(0)).isEqualTo(1L);
    assertThat(FixedPoint.pow10(18)).isEqualTo(1_000_000_000_000_000_000L);
  }
}
