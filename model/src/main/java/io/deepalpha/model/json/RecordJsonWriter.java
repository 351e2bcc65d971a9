package io.deepalpha.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.deepalpha.model.FixedPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/** Writes an Avro record as a JSON object, field by field, driven by its schema. */
final class RecordJsonWriter {

  private RecordJsonWriter() {}

  static void writeFields(JsonGenerator json, IndexedRecord record, String path)
      throws IOException {
    for (Schema.Field field : record.getSchema().getFields()) {
      String fieldPath = path + "." + field.name();
      Object value = record.get(field.pos());
      json.writeFieldName(field.name());
      if (FixedPointFields.isFixedPoint(field)) {
        int scale = FixedPointFields.scaleOf(record, field, fieldPath);
        json.writeString(FixedPoint.toString((Long) value, scale));
      } else {
        writeValue(json, field.schema(), value, fieldPath);
      }
    }
  }

  private static void writeValue(JsonGenerator json, Schema schema, Object value, String path)
      throws IOException {
    if (value == null && schema.getType() != Schema.Type.NULL && !schema.isNullable()) {
      throw new JsonLinesException(path + ": null in a field that is not nullable");
    }
    switch (schema.getType()) {
      case NULL -> json.writeNull();
      case BOOLEAN -> json.writeBoolean((Boolean) value);
      case INT -> json.writeNumber((Integer) value);
      case LONG -> json.writeNumber((Long) value);
      case FLOAT -> json.writeNumber((Float) value);
      case DOUBLE -> json.writeNumber((Double) value);
      // Enum symbols and Java enum names are the same text.
      case STRING, ENUM -> json.writeString(value.toString());
      case BYTES -> json.writeString(base64((ByteBuffer) value));
      case ARRAY -> writeArray(json, schema, (Collection<?>) value, path);
      case MAP -> writeMap(json, schema, (Map<?, ?>) value, path);
      case UNION -> {
        if (value == null) {
          json.writeNull();
        } else {
          writeValue(json, AvroJson.nonNullBranch(schema, path), value, path);
        }
      }
      case RECORD -> {
        json.writeStartObject();
        writeFields(json, (IndexedRecord) value, path);
        json.writeEndObject();
      }
      default -> throw AvroJson.unsupported(schema, path);
    }
  }

  private static void writeArray(
      JsonGenerator json, Schema schema, Collection<?> values, String path) throws IOException {
    json.writeStartArray();
    int i = 0;
    for (Object element : values) {
      writeValue(json, schema.getElementType(), element, path + "[" + i++ + "]");
    }
    json.writeEndArray();
  }

  private static void writeMap(JsonGenerator json, Schema schema, Map<?, ?> values, String path)
      throws IOException {
    json.writeStartObject();
    for (Map.Entry<?, ?> entry : values.entrySet()) {
      String key = entry.getKey().toString();
      json.writeFieldName(key);
      writeValue(json, schema.getValueType(), entry.getValue(), path + "." + key);
    }
    json.writeEndObject();
  }

  private static String base64(ByteBuffer bytes) {
    // duplicate(): reading must not move the record's own buffer position.
    ByteBuffer view = bytes.duplicate();
    byte[] copy = new byte[view.remaining()];
    view.get(copy);
    return Base64.getEncoder().encodeToString(copy);
  }
}
