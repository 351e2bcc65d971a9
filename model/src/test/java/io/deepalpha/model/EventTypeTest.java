package io.deepalpha.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.model.json.JsonLines;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class EventTypeTest {

  @Test
  void everyRecordOfTheContractHasALowerCamelJsonName() {
    assertThat(EventType.all())
        .extracting(EventType::jsonName)
        .containsExactly(
            "quote", "trade", "deadLetter", "signal", "riskState", "order", "fill", "configChange");
    assertThat(EventType.byJsonName("riskState")).containsSame(EventType.RISK_STATE);
    assertThat(EventType.byJsonName("RiskState")).isEmpty();
  }

  @Test
  void keysFollowTheWireContract() {
    assertThat(EventType.QUOTE.keyOf(SampleEvents.binanceQuote())).isEqualTo("BTC-USDT");
    assertThat(EventType.TRADE.keyOf(SampleEvents.krakenTrade())).isEqualTo("BTC-USD");
    assertThat(EventType.DEAD_LETTER.keyOf(SampleEvents.okxDeadLetter())).isEqualTo("OKX");
    assertThat(EventType.SIGNAL.keyOf(SampleEvents.signal())).isEqualTo("BTC-USDT");
    assertThat(EventType.RISK_STATE.keyOf(SampleEvents.riskState()))
        .isEqualTo("INSTRUMENT:BTC-USDT");
    assertThat(EventType.ORDER.keyOf(SampleEvents.filledOrder())).isEqualTo("BTC-USDT");
    assertThat(EventType.FILL.keyOf(SampleEvents.fill())).isEqualTo("BTC-USDT");
    assertThat(EventType.CONFIG_CHANGE.keyOf(SampleEvents.configUpdate()))
        .isEqualTo("BTC-USDT|global");
  }

  @Test
  void noSchemaHasAFieldNamedLikeTheJsonDiscriminator() {
    for (EventType<?> type : EventType.all()) {
      assertThat(type.schema().getField(JsonLines.TYPE_FIELD)).as(type.jsonName()).isNull();
    }
  }

  @Test
  void everyFixedPointFieldIsALongNamingAnIntScaleFieldOfItsRecord() {
    int fixedPointFields = 0;
    for (EventType<?> type : EventType.all()) {
      for (Schema.Field field : type.schema().getFields()) {
        String scaleName = field.getProp(FixedPoint.SCHEMA_PROPERTY);
        if (scaleName == null) {
          continue;
        }
        fixedPointFields++;
        String where = type.jsonName() + "." + field.name();
        assertThat(field.schema().getType()).as(where).isEqualTo(Schema.Type.LONG);
        assertThat(type.schema().getField(scaleName)).as(where + " -> " + scaleName).isNotNull();
        assertThat(type.schema().getField(scaleName).schema().getType())
            .as(where + " -> " + scaleName)
            .isEqualTo(Schema.Type.INT);
      }
    }
    // Quote 4, Trade 2, Signal 3, Order 4, Fill 3.
    assertThat(fixedPointFields).isEqualTo(16);
  }

  @Test
  void everySampleIsOfAKnownType() {
    List<String> sampleTypes =
        SampleEvents.all().stream()
            .map(r -> EventType.of(r).orElseThrow().jsonName())
            .distinct()
            .toList();
    assertThat(sampleTypes)
        .containsExactlyInAnyOrderElementsOf(
            EventType.all().stream().map(EventType::jsonName).toList());
  }
}
