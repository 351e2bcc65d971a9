package io.deepalpha.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepalpha.model.FixedPoint;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/** Fills an Avro record from a JSON object, driven by the record's schema. */
final class RecordJsonReader {

  private static final SpecificData MODEL = SpecificData.get();

  private RecordJsonReader() {}

  /**
   * Reads every field of {@code record} from {@code object}. A missing field takes its schema
   * default, or fails; a field the schema does not know fails (a typo must not pass silently).
   */
  static void readFields(JsonNode object, IndexedRecord record, String path, String ignoredField) {
    Schema schema = record.getSchema();
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      String name = property.getKey();
      if (!name.equals(ignoredField) && schema.getField(name) == null) {
        throw new JsonLinesException(path + ": unknown field '" + name + "'");
      }
    }
    // Scales first: a fixed-point field needs its record's scale, wherever it sits in the line.
    for (Schema.Field field : schema.getFields()) {
      if (!FixedPointFields.isFixedPoint(field)) {
        record.put(field.pos(), readField(object, field, path + "." + field.name()));
      }
    }
    for (Schema.Field field : schema.getFields()) {
      if (FixedPointFields.isFixedPoint(field)) {
        String fieldPath = path + "." + field.name();
        int scale = FixedPointFields.scaleOf(record, field, fieldPath);
        record.put(field.pos(), readFixedPoint(object.get(field.name()), field, fieldPath, scale));
      }
    }
  }

  private static Object readField(JsonNode object, Schema.Field field, String path) {
    JsonNode node = object.get(field.name());
    if (node != null) {
      return readValue(node, field.schema(), path);
    }
    if (field.hasDefaultValue()) {
      return MODEL.getDefaultValue(field);
    }
    throw new JsonLinesException(path + ": missing");
  }

  private static long readFixedPoint(JsonNode node, Schema.Field field, String path, int scale) {
    if (node == null) {
      throw new JsonLinesException(path + ": missing");
    }
    String where = FixedPointFields.describe(field, path, scale);
    try {
      if (node.isTextual()) {
        return FixedPoint.parse(node.textValue(), scale);
      }
      if (node.isNumber()) {
        // Only exact when the mapper reads floats as BigDecimal, which JsonLines makes sure of.
        return FixedPoint.toMantissa(node.decimalValue(), scale);
      }
    } catch (ArithmeticException | IllegalArgumentException e) {
      throw new JsonLinesException(where + ": " + e.getMessage(), e);
    }
    throw mismatch(node, "a decimal string", where);
  }

  private static Object readValue(JsonNode node, Schema schema, String path) {
    return switch (schema.getType()) {
      case NULL -> expect(node.isNull(), node, "null", path, null);
      case BOOLEAN -> expect(node.isBoolean(), node, "true or false", path, node.booleanValue());
      case INT ->
          expect(
              node.isIntegralNumber() && node.canConvertToInt(),
              node,
              "an int",
              path,
              node.intValue());
      case LONG ->
          expect(
              node.isIntegralNumber() && node.canConvertToLong(),
              node,
              "a long",
              path,
              node.longValue());
      case FLOAT -> (float) readDouble(node, path);
      case DOUBLE -> readDouble(node, path);
      case STRING -> expect(node.isTextual(), node, "a string", path, node.textValue());
      case BYTES -> readBytes(node, path);
      case ENUM -> readEnum(node, schema, path);
      case ARRAY -> readArray(node, schema, path);
      case MAP -> readMap(node, schema, path);
      case UNION ->
          node.isNull() ? null : readValue(node, AvroJson.nonNullBranch(schema, path), path);
      case RECORD -> readRecord(node, schema, path);
      default -> throw AvroJson.unsupported(schema, path);
    };
  }

  private static double readDouble(JsonNode node, String path) {
    if (node.isNumber()) {
      // BigDecimal.doubleValue() rounds correctly, so a double written by Jackson reads back equal.
      return node.doubleValue();
    }
    if (node.isTextual()) {
      // Jackson writes NaN and the infinities as strings.
      switch (node.textValue()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw mismatch(node, "a number", path);
  }

  private static ByteBuffer readBytes(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw mismatch(node, "a base64 string", path);
    }
    try {
      return ByteBuffer.wrap(Base64.getDecoder().decode(node.textValue()));
    } catch (IllegalArgumentException e) {
      throw new JsonLinesException(path + ": not base64: " + e.getMessage(), e);
    }
  }

  private static Object readEnum(JsonNode node, Schema schema, String path) {
    if (!node.isTextual() || !schema.hasEnumSymbol(node.textValue())) {
      throw mismatch(node, "one of " + schema.getEnumSymbols(), path);
    }
    return MODEL.createEnum(node.textValue(), schema);
  }

  private static List<Object> readArray(JsonNode node, Schema schema, String path) {
    if (!node.isArray()) {
      throw mismatch(node, "an array", path);
    }
    List<Object> values = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      values.add(readValue(node.get(i), schema.getElementType(), path + "[" + i + "]"));
    }
    return values;
  }

  private static Map<String, Object> readMap(JsonNode node, Schema schema, String path) {
    if (!node.isObject()) {
      throw mismatch(node, "an object", path);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      values.put(
          entry.getKey(),
          readValue(entry.getValue(), schema.getValueType(), path + "." + entry.getKey()));
    }
    return values;
  }

  private static IndexedRecord readRecord(JsonNode node, Schema schema, String path) {
    if (!node.isObject()) {
      throw mismatch(node, "an object", path);
    }
    IndexedRecord record = (IndexedRecord) MODEL.newRecord(null, schema);
    readFields(node, record, path, null);
    return record;
  }

  private static Object expect(
      boolean matches, JsonNode node, String expected, String path, Object value) {
    if (!matches) {
      throw mismatch(node, expected, path);
    }
    return value;
  }

  private static JsonLinesException mismatch(JsonNode node, String expected, String path) {
    return new JsonLinesException(path + ": expected " + expected + ", got " + node);
  }
}
