package io.deepalpha.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.deepalpha.model.EventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/**
 * Events as JSON lines, for people, scripts and backtest files: one object per line, a leading
 * {@code "type"} ("quote", "trade", ...), then the fields by name. Enums are their symbol, nullable
 * fields a value or null, maps objects, bytes base64, and fixed-point fields exact decimal strings
 * ({@code "bidPrice":"43251.12"}). Reading gives back a record equal to the one written.
 *
 * <p>Example: {@code {"type":"quote","venue":"BINANCE","venueSymbol":"BTCUSDT",...,
 * "bidPrice":"43251.12",...,"timeSource":"RECEIVE"}}
 */
public final class JsonLines {

  /** The discriminator field; no event schema may have a field of this name. */
  public static final String TYPE_FIELD = "type";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  // A field given twice is an error, not "last one wins".
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          // Keeps decimal numbers exact, should a hand-written line give a price as a number.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .build();

  private JsonLines() {}

  /** {@code record} as one JSON line, without the line break. */
  public static String toLine(SpecificRecord record) {
    StringWriter out = new StringWriter();
    try {
      writeObject(record, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Appends {@code record} and a line break to {@code out}. */
  public static void write(SpecificRecord record, Writer out) throws IOException {
    writeObject(record, out);
    out.write('\n');
  }

  /** The event on {@code line}. */
  public static SpecificRecord parseLine(String line) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new JsonLinesException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new JsonLinesException("a line must be a JSON object, got: " + line);
    }
    JsonNode typeName = node.get(TYPE_FIELD);
    EventType<?> type =
        EventType.byJsonName(typeName == null ? "" : typeName.asText())
            .orElseThrow(
                () ->
                    new JsonLinesException(
                        "field 'type' must name an event type "
                            + EventType.all()
                            + ", got "
                            + typeName));
    SpecificRecord record = type.newRecord();
    RecordJsonReader.readFields(node, record, type.jsonName(), TYPE_FIELD);
    return record;
  }

  /** The event on {@code line}, which must be of {@code type}. */
  public static <T extends SpecificRecord> T parseLine(String line, Class<T> type) {
    SpecificRecord record = parseLine(line);
    if (!type.isInstance(record)) {
      throw new JsonLinesException(
          "expected a " + type.getSimpleName() + ", got a " + record.getClass().getSimpleName());
    }
    return type.cast(record);
  }

  /**
   * The events of a JSON-lines file, lazily; blank lines are skipped. A bad line fails the stream
   * with its line number. Consume it sequentially.
   */
  public static Stream<SpecificRecord> read(BufferedReader in) {
    AtomicLong lineNumber = new AtomicLong();
    return in.lines()
        .map(line -> new NumberedLine(lineNumber.incrementAndGet(), line))
        .filter(line -> !line.text().isBlank())
        .map(JsonLines::parseNumbered);
  }

  private static SpecificRecord parseNumbered(NumberedLine line) {
    try {
      return parseLine(line.text());
    } catch (JsonLinesException e) {
      throw new JsonLinesException("line " + line.number() + ": " + e.getMessage(), e);
    }
  }

  private static void writeObject(SpecificRecord record, Writer out) throws IOException {
    EventType<?> type = EventType.require(record);
    try (JsonGenerator json = MAPPER.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField(TYPE_FIELD, type.jsonName());
      RecordJsonWriter.writeFields(json, record, type.jsonName());
      json.writeEndObject();
    }
  }

  private record NumberedLine(long number, String text) {}
}
