package io.deepalpha.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepalpha.model.SampleEvents;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Trade;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonLinesTest {

  private static final String QUOTE_LINE =
      "{\"type\":\"quote\",\"venue\":\"BINANCE\",\"venueSymbol\":\"BTCUSDT\","
          + "\"instrument\":\"BTC-USDT\",\"exchangeTimeUs\":1718000000123456,"
          + "\"receiveTimeNs\":1718000000124956789,\"connectionId\":9141386507638288912,"
          + "\"sequence\":9223372036854775800,\"priceScale\":4,\"sizeScale\":8,"
          + "\"bidPrice\":\"43251.12\",\"bidSize\":\"1.5\",\"askPrice\":\"43251.23\","
          + "\"askSize\":\"0.23456789\",\"timeSource\":\"RECEIVE\"}";

  static List<SpecificRecord> samples() {
    return SampleEvents.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyEventTypeRoundTripsExactly(SpecificRecord sample) {
    String line = JsonLines.toLine(sample);

    assertThat(line).doesNotContain("\n");
    assertThat(JsonLines.parseLine(line)).isNotSameAs(sample).isEqualTo(sample);
  }

  @Test
  void quoteIsWrittenWithTypeFirstAndPricesAsExactDecimals() {
    assertThat(JsonLines.toLine(SampleEvents.binanceQuote())).isEqualTo(QUOTE_LINE);
  }

  @Test
  void fieldOrderInTheLineDoesNotMatter() {
    String scalesLast =
        "{\"bidPrice\":\"43251.12\",\"bidSize\":\"1.5\",\"askPrice\":\"43251.23\","
            + "\"askSize\":\"0.23456789\",\"type\":\"quote\",\"venue\":\"BINANCE\","
            + "\"venueSymbol\":\"BTCUSDT\",\"instrument\":\"BTC-USDT\","
            + "\"exchangeTimeUs\":1718000000123456,\"receiveTimeNs\":1718000000124956789,"
            + "\"connectionId\":9141386507638288912,\"sequence\":9223372036854775800,"
            + "\"timeSource\":\"RECEIVE\",\"priceScale\":4,\"sizeScale\":8}";

    assertThat(JsonLines.parseLine(scalesLast)).isEqualTo(SampleEvents.binanceQuote());
  }

  @Test
  void zeroIsWrittenAsZeroAndOptionalFieldsAsNullOrValue() {
    String rejected = JsonLines.toLine(SampleEvents.rejectedOrder());
    String filled = JsonLines.toLine(SampleEvents.filledOrder());

    assertThat(rejected)
        .contains("\"filledQty\":\"0\",\"avgFillPrice\":\"0\"")
        .contains("\"reason\":\"risk HALT: volatility — BTC-USDT\",\"venueOrderId\":null");
    assertThat(filled).contains("\"reason\":null,\"venueOrderId\":\"OKX-884422119933776655\"");
  }

  @Test
  void bytesAreBase64AndMapsAreObjectsWithNullValues() {
    assertThat(JsonLines.toLine(SampleEvents.okxDeadLetter())).contains("\"raw\":\"eyIA/8N9\"");
    assertThat(JsonLines.toLine(SampleEvents.configUpdate()))
        .contains(
            "\"after\":{\"instrument\":\"BTC-USDT\",\"max_notional\":\"50000.00\","
                + "\"note\":\"relevé après revue — ok\"}")
        .contains("\"note\":null");
    assertThat(JsonLines.toLine(SampleEvents.configDelete())).contains("\"after\":null");
  }

  @Test
  void negativeFeesAndSpecialDoublesRoundTrip() {
    RiskState nan = SampleEvents.riskState();
    nan.setValue(Double.NaN);
    nan.setLimit(Double.NEGATIVE_INFINITY);

    assertThat(JsonLines.toLine(SampleEvents.fill())).contains("\"fee\":\"-0.04325099\"");
    assertThat(JsonLines.toLine(nan)).contains("\"value\":\"NaN\",\"limit\":\"-Infinity\"");
    assertThat(JsonLines.parseLine(JsonLines.toLine(nan))).isEqualTo(nan);
  }

  @Test
  void tooPreciseDecimalIsRejectedNamingTheField() {
    String line = QUOTE_LINE.replace("\"43251.12\"", "\"43251.12345\"");

    assertThatThrownBy(() -> JsonLines.parseLine(line))
        .isInstanceOf(JsonLinesException.class)
        .hasMessage(
            "quote.bidPrice (priceScale=4): 43251.12345 has more decimal places than scale 4"
                + " allows");
  }

  @Test
  void decimalGivenAsJsonNumberIsReadExactly() {
    String line = QUOTE_LINE.replace("\"43251.12\"", "43251.1200");

    assertThat(JsonLines.parseLine(line)).isEqualTo(SampleEvents.binanceQuote());
  }

  @Test
  void missingFieldWithADefaultTakesIt() {
    String v1Line = QUOTE_LINE.replace(",\"timeSource\":\"RECEIVE\"", "");

    Quote quote = JsonLines.parseLine(v1Line, Quote.class);

    assertThat(quote.getTimeSource()).isEqualTo(TimeSource.EXCHANGE);
    assertThat(quote.getBidPrice()).isEqualTo(432_511_200L);
  }

  @Test
  void missingFieldWithoutADefaultIsRejected() {
    String line = QUOTE_LINE.replace("\"sequence\":9223372036854775800,", "");

    assertThatThrownBy(() -> JsonLines.parseLine(line))
        .isInstanceOf(JsonLinesException.class)
        .hasMessage("quote.sequence: missing");
  }

  @Test
  void unknownFieldsTypesAndSymbolsAreRejected() {
    assertThatThrownBy(() -> JsonLines.parseLine(QUOTE_LINE.replace("\"sequence\"", "\"seq\"")))
        .hasMessage("quote: unknown field 'seq'");
    assertThatThrownBy(() -> JsonLines.parseLine(QUOTE_LINE.replace("\"quote\"", "\"quotes\"")))
        .hasMessageStartingWith("field 'type' must name an event type [quote, trade, ");
    assertThatThrownBy(() -> JsonLines.parseLine(QUOTE_LINE.replace("BINANCE", "FTX")))
        .hasMessage(
            "quote.venue: expected one of [UNKNOWN, BINANCE, OKX, BYBIT, COINBASE, KRAKEN],"
                + " got \"FTX\"");
    assertThatThrownBy(
            () ->
                JsonLines.parseLine(QUOTE_LINE.replace("\"priceScale\":4", "\"priceScale\":\"4\"")))
        .hasMessage("quote.priceScale: expected an int, got \"4\"");
    assertThatThrownBy(
            () -> JsonLines.parseLine(QUOTE_LINE.replace("\"priceScale\":4", "\"priceScale\":19")))
        .hasMessage("quote.bidPrice: its scale field priceScale must be 0..18, was 19");
  }

  @Test
  void duplicateFieldsAndNonObjectsAreRejected() {
    assertThatThrownBy(() -> JsonLines.parseLine("{\"type\":\"quote\",\"type\":\"trade\"}"))
        .isInstanceOf(JsonLinesException.class)
        .hasMessageContaining("Duplicate field 'type'");
    assertThatThrownBy(() -> JsonLines.parseLine("[1,2]"))
        .isInstanceOf(JsonLinesException.class)
        .hasMessage("a line must be a JSON object, got: [1,2]");
  }

  @Test
  void typedParseRejectsAnotherType() {
    String tradeLine = JsonLines.toLine(SampleEvents.krakenTrade());

    assertThat(JsonLines.parseLine(tradeLine, Trade.class)).isEqualTo(SampleEvents.krakenTrade());
    assertThatThrownBy(() -> JsonLines.parseLine(tradeLine, Quote.class))
        .isInstanceOf(JsonLinesException.class)
        .hasMessage("expected a Quote, got a Trade");
  }

  @Test
  void fileOfLinesReadsBackEveryEventAndSkipsBlankLines() throws IOException {
    StringWriter file = new StringWriter();
    for (SpecificRecord sample : SampleEvents.all()) {
      JsonLines.write(sample, file);
      file.write("\n");
    }

    List<SpecificRecord> read =
        JsonLines.read(new BufferedReader(new StringReader(file.toString()))).toList();

    assertThat(read).containsExactlyElementsOf(SampleEvents.all());
  }

  @Test
  void badLineInAFileIsReportedWithItsNumber() {
    String file =
        JsonLines.toLine(SampleEvents.configUpdate())
            + "\n\n"
            + JsonLines.toLine(SampleEvents.filledOrder())
                .replace("\"revision\":2", "\"revision\":2.5")
            + "\n";

    assertThatThrownBy(() -> JsonLines.read(new BufferedReader(new StringReader(file))).toList())
        .isInstanceOf(JsonLinesException.class)
        .hasMessage("line 3: order.revision: expected an int, got 2.5");
  }

  @Test
  void typedReadGivesTheConcreteRecord() {
    ConfigChange change =
        JsonLines.parseLine(JsonLines.toLine(SampleEvents.configUpdate()), ConfigChange.class);
    Order order = JsonLines.parseLine(JsonLines.toLine(SampleEvents.filledOrder()), Order.class);

    assertThat(change.getAfter()).containsEntry("note", "relevé après revue — ok");
    assertThat(order.getVenueOrderId()).isEqualTo("OKX-884422119933776655");
  }
}
