package io.deepalpha.model.json;

import io.deepalpha.model.FixedPoint;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/** Finds the scale of a field marked {@code "fixedPoint": "<scaleField>"} in the Avro schema. */
final class FixedPointFields {

  private FixedPointFields() {}

  static boolean isFixedPoint(Schema.Field field) {
    return field.getProp(FixedPoint.SCHEMA_PROPERTY) != null;
  }

  /** The scale of {@code field} in {@code record}, validated to 0..18. */
  static int scaleOf(IndexedRecord record, Schema.Field field, String path) {
    String scaleName = field.getProp(FixedPoint.SCHEMA_PROPERTY);
    Schema.Field scaleField = record.getSchema().getField(scaleName);
    if (scaleField == null
        || scaleField.schema().getType() != Schema.Type.INT
        || field.schema().getType() != Schema.Type.LONG) {
      throw new IllegalStateException(
          "schema error at "
              + path
              + ": a fixed-point field must be a long naming an int scale field of its record, "
              + "but names '"
              + scaleName
              + "'");
    }
    Object scale = record.get(scaleField.pos());
    if (!(scale instanceof Integer value) || value < 0 || value > FixedPoint.MAX_SCALE) {
      throw new JsonLinesException(
          path
              + ": its scale field "
              + scaleName
              + " must be 0.."
              + FixedPoint.MAX_SCALE
              + ", was "
              + scale);
    }
    return value;
  }

  /** "bidPrice (priceScale=4)", for error messages. */
  static String describe(Schema.Field field, String path, int scale) {
    return path + " (" + field.getProp(FixedPoint.SCHEMA_PROPERTY) + "=" + scale + ")";
  }
}
