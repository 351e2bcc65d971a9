package io.deepalpha.sinks.influx;

/** Where line protocol goes: InfluxDB over HTTP, or a fake in tests. */
public interface WriteTarget extends AutoCloseable {

  /** Writes newline-separated lines; throws {@link InfluxWriteException} when not accepted. */
  void write(String lines);

  @Override
  void close();
}
