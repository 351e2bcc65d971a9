package io.deepalpha.model.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.model.EventType;
import io.deepalpha.model.SampleEvents;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Venue;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** A consumer of version N reads every earlier version (BRIEF section 3). */
class SchemaEvolutionTest {

  private static final Pattern HISTORY_FILE = Pattern.compile("(\\w+)\\.v(\\d+)\\.avsc");

  @Test
  void quoteV1BytesDecodeWithTheCurrentCodecAndTimeSourceExchange() throws IOException {
    Schema v1 = SchemaHistory.previousVersions(Quote.getClassSchema()).get(0);
    Quote sample = SampleEvents.binanceQuote();
    GenericRecord written =
        new GenericRecordBuilder(v1)
            .set("venue", new GenericData.EnumSymbol(v1.getField("venue").schema(), "BINANCE"))
            .set("venueSymbol", sample.getVenueSymbol())
            .set("instrument", sample.getInstrument())
            .set("exchangeTimeUs", sample.getExchangeTimeUs())
            .set("receiveTimeNs", sample.getReceiveTimeNs())
            .set("connectionId", sample.getConnectionId())
            .set("sequence", sample.getSequence())
            .set("priceScale", sample.getPriceScale())
            .set("sizeScale", sample.getSizeScale())
            .set("bidPrice", sample.getBidPrice())
            .set("bidSize", sample.getBidSize())
            .set("askPrice", sample.getAskPrice())
            .set("askSize", sample.getAskSize())
            .build();
    ByteBuffer v1Bytes =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(written);
    byte[] bytes = new byte[v1Bytes.remaining()];
    v1Bytes.get(bytes);

    Quote decoded = WireCodecs.quote().decode(bytes);

    assertThat(WireCodec.fingerprintOf(bytes))
        .isEqualTo(SchemaNormalization.parsingFingerprint64(v1));
    assertThat(decoded.getVenue()).isEqualTo(Venue.BINANCE);
    assertThat(decoded.getTimeSource()).isEqualTo(TimeSource.EXCHANGE);
    sample.setTimeSource(TimeSource.EXCHANGE);
    assertThat(decoded).isEqualTo(sample);
    assertThat(decoded.getVenueSymbol()).isInstanceOf(String.class);
  }

  @Test
  void currentReaderOfEveryTypeCanReadEveryHistoricalWriter() {
    int checked = 0;
    for (EventType<?> type : EventType.all()) {
      Schema reader = type.schema();
      for (Schema writer : WireCodec.of(type).readableSchemas()) {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
            .as(type.jsonName() + " reading " + SchemaNormalization.toParsingForm(writer))
            .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(EventType.all().size() + 1);
  }

  @Test
  void quoteIsAtVersionTwoAndEveryOtherTypeAtVersionOne() {
    for (EventType<?> type : EventType.all()) {
      int expected = type == EventType.QUOTE ? 2 : 1;
      assertThat(SchemaHistory.currentVersion(type.schema()))
          .as(type.jsonName())
          .isEqualTo(expected);
    }
  }

  @Test
  void quoteV1IsTheCurrentQuoteWithoutTimeSource() {
    Schema v1 = SchemaHistory.previousVersions(Quote.getClassSchema()).get(0);
    List<Schema.Field> current =
        Quote.getClassSchema().getFields().stream()
            .filter(f -> !f.name().equals("timeSource"))
            .toList();

    assertThat(v1.getFields())
        .extracting(Schema.Field::name)
        .containsExactlyElementsOf(current.stream().map(Schema.Field::name).toList());
    for (Schema.Field field : current) {
      Schema.Field old = v1.getField(field.name());
      assertThat(SchemaNormalization.toParsingForm(old.schema()))
          .as(field.name())
          .isEqualTo(SchemaNormalization.toParsingForm(field.schema()));
      assertThat(old.getProp("fixedPoint")).as(field.name()).isEqualTo(field.getProp("fixedPoint"));
    }
  }

  @Test
  void everyHistoryFileBelongsToATypeAndIsReachable() throws IOException, URISyntaxException {
    URL folder = getClass().getClassLoader().getResource(SchemaHistory.RESOURCE_FOLDER);
    assertThat(folder).as("schema-history on the test classpath").isNotNull();
    List<String> files;
    try (Stream<Path> list = Files.list(Path.of(folder.toURI()))) {
      files = list.map(p -> p.getFileName().toString()).sorted().toList();
    }

    List<String> reachable = new ArrayList<>();
    for (EventType<?> type : EventType.all()) {
      List<Schema> previous = SchemaHistory.previousVersions(type.schema());
      for (int v = 1; v <= previous.size(); v++) {
        reachable.add(type.schema().getName() + ".v" + v + ".avsc");
      }
    }
    assertThat(files).allMatch(f -> HISTORY_FILE.matcher(f).matches());
    // A file beyond a gap in the version numbers would be silently ignored by the decoder.
    assertThat(files).containsExactlyInAnyOrderElementsOf(reachable).contains("Quote.v1.avsc");
  }

  @Test
  void eachVersionDiffersFromTheNext() {
    for (EventType<?> type : EventType.all()) {
      List<Long> fingerprints =
          WireCodec.of(type).readableSchemas().stream()
              .map(SchemaNormalization::parsingFingerprint64)
              .toList();
      assertThat(fingerprints).as(type.jsonName()).doesNotHaveDuplicates();
    }
  }

  @Test
  void historyFileNamesParse() {
    Matcher m = HISTORY_FILE.matcher("Quote.v12.avsc");
    assertThat(m.matches()).isTrue();
    assertThat(SchemaHistory.resourceName("Quote", 1))
        .isEqualTo("io/deepalpha/model/schema-history/Quote.v1.avsc");
  }
}
