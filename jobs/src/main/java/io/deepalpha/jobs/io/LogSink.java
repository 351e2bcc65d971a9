package io.deepalpha.jobs.io;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each record (INFO) under logger {@code io.deepalpha.jobs.<name>}. The stand-in sink of the
 * live jobs for spread statistics and late events until the PostgreSQL/InfluxDB sinks of module
 * {@code sinks} are wired in: nothing is dropped without a trace, and the counts are metrics.
 */
public final class LogSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  private final String name;

  public LogSink(String name) {
    this.name = name;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    Logger log = LoggerFactory.getLogger("io.deepalpha.jobs." + name);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        log.info("{}", element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
