package io.deepalpha.sinks.influx;

/**
 * InfluxDB line protocol, appended point by point into one reusable buffer: {@code
 * start("quotes").tag("venue", "OKX").field("bid", 1.5).end(timestampUs)}.
 *
 * <p>Field types are fixed by the method used: {@code field(k, double)} always writes a float
 * ({@code 3.0}, never {@code 3}), {@code field(k, long)} an integer ({@code 3i}), so a field never
 * changes type between batches. Non-finite doubles (NaN, infinity), which line protocol cannot
 * carry, are left out and counted; a point left without fields is dropped and counted. Tags with a
 * null or empty value are left out. Timestamps are epoch microseconds (precision {@code u}).
 */
public final class PointBuffer {
  private final StringBuilder text;
  private int lines;
  private int lineStart;
  private int fields;
  private long skippedFields;
  private long skippedPoints;

  public PointBuffer(int initialChars) {
    this.text = new StringBuilder(initialChars);
  }

  public PointBuffer start(String measurement) {
    lineStart = text.length();
    fields = 0;
    escape(measurement, false);
    return this;
  }

  public PointBuffer tag(String key, String value) {
    if (value == null || value.isEmpty()) {
      return this;
    }
    text.append(',');
    escape(key, true);
    text.append('=');
    escape(value, true);
    return this;
  }

  public PointBuffer field(String key, double value) {
    if (!Double.isFinite(value)) {
      skippedFields++;
      return this;
    }
    fieldKey(key);
    // Double.toString always has a '.' or an exponent, so InfluxDB always reads a float.
    text.append(value);
    return this;
  }

  public PointBuffer field(String key, long value) {
    fieldKey(key);
    text.append(value).append('i');
    return this;
  }

  public PointBuffer field(String key, String value) {
    if (value == null) {
      return this;
    }
    fieldKey(key);
    text.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        text.append('\\');
      }
      text.append(c);
    }
    text.append('"');
    return this;
  }

  /** Ends the point; false (and nothing written) when it had no field. */
  public boolean end(long timestampUs) {
    if (fields == 0) {
      text.setLength(lineStart);
      skippedPoints++;
      return false;
    }
    text.append(' ').append(timestampUs).append('\n');
    lines++;
    return true;
  }

  public int lines() {
    return lines;
  }

  public boolean isEmpty() {
    return lines == 0;
  }

  /** The buffered lines, each ending in a newline. */
  public String text() {
    return text.toString();
  }

  public void clear() {
    text.setLength(0);
    lines = 0;
  }

  public long skippedFields() {
    return skippedFields;
  }

  public long skippedPoints() {
    return skippedPoints;
  }

  private void fieldKey(String key) {
    text.append(fields == 0 ? ' ' : ',');
    escape(key, true);
    text.append('=');
    fields++;
  }

  /** Commas and spaces everywhere; equals signs in tag keys, tag values and field keys. */
  private void escape(String s, boolean equalsToo) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',' || c == ' ' || (equalsToo && c == '=')) {
        text.append('\\');
      } else if (c == '\n') {
        // A newline would end the line; line protocol has no escape for it.
        text.append(' ');
        continue;
      }
      text.append(c);
    }
  }
}
