package io.deepalpha.model.json;

import org.apache.avro.Schema;

/** Schema shapes the JSON form supports, shared by the reader and the writer. */
final class AvroJson {

  private AvroJson() {}

  /**
   * The one non-null branch of a nullable union. Unions of several non-null types would need a
   * branch tag in JSON; the contract has none, so they are refused rather than guessed.
   */
  static Schema nonNullBranch(Schema union, String path) {
    Schema branch = null;
    for (Schema candidate : union.getTypes()) {
      if (candidate.getType() == Schema.Type.NULL) {
        continue;
      }
      if (branch != null) {
        throw unsupported(union, path);
      }
      branch = candidate;
    }
    if (branch == null) {
      throw unsupported(union, path);
    }
    return branch;
  }

  static IllegalStateException unsupported(Schema schema, String path) {
    return new IllegalStateException(
        path + ": the JSON-lines form does not support schema " + schema);
  }
}
