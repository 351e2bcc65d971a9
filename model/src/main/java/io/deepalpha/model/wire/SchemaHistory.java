package io.deepalpha.model.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The earlier versions of each record schema, kept as classpath resources {@code
 * io/deepalpha/model/schema-history/<Type>.v<N>.avsc}. A type with no file there is at version 1; a
 * type with files v1..v(n-1) is at version n. The decoder registers them all so that a consumer of
 * version n reads bytes written with any earlier version.
 */
public final class SchemaHistory {

  /** Classpath folder of the history files. */
  public static final String RESOURCE_FOLDER = "io/deepalpha/model/schema-history/";

  private SchemaHistory() {}

  /** The schemas that preceded {@code current}, oldest first; empty at version 1. */
  public static List<Schema> previousVersions(Schema current) {
    List<Schema> versions = new ArrayList<>();
    // Versions are consecutive, so probing v1, v2, ... until the first gap finds them all;
    // SchemaHistoryTest fails the build if a file sits beyond a gap.
    for (int version = 1; ; version++) {
      Schema schema = load(current, version);
      if (schema == null) {
        return List.copyOf(versions);
      }
      versions.add(schema);
    }
  }

  /** The version number of {@code current}: one more than the number of earlier versions. */
  public static int currentVersion(Schema current) {
    return previousVersions(current).size() + 1;
  }

  /** The resource name of a type's schema at {@code version}, e.g. ".../Quote.v1.avsc". */
  public static String resourceName(String typeName, int version) {
    return RESOURCE_FOLDER + typeName + ".v" + version + ".avsc";
  }

  private static Schema load(Schema current, int version) {
    String resource = resourceName(current.getName(), version);
    try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      Schema schema = new Schema.Parser().parse(in);
      if (!schema.getFullName().equals(current.getFullName())) {
        throw new IllegalStateException(
            resource
                + " describes "
                + schema.getFullName()
                + ", expected "
                + current.getFullName());
      }
      return schema;
    } catch (IOException | SchemaParseException e) {
      throw new IllegalStateException("cannot read schema history " + resource, e);
    }
  }
}
