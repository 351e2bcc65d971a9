package io.deepalpha.sinks.postgres;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Counts what a sink writer does, in Flink's metric group (exported by the Prometheus reporter):
 * {@code numRecordsSend} (records handed to the JDBC writer), {@code numRecordsSendErrors}, {@code
 * flushes} and {@code flushFailures}, and the gauge {@code lastFlushMillis}.
 */
// close() throws what the wrapped writer throws, as SinkWriter declares it.
@SuppressWarnings("try")
final class MeteredWriter<T> implements SinkWriter<T> {
  private final SinkWriter<T> delegate;
  private final Counter records;
  private final Counter recordErrors;
  private final Counter flushes;
  private final Counter flushFailures;
  private volatile long lastFlushMillis;

  MeteredWriter(SinkWriter<T> delegate, SinkWriterMetricGroup metrics) {
    this.delegate = delegate;
    this.records = metrics.getNumRecordsSendCounter();
    this.recordErrors = metrics.getNumRecordsSendErrorsCounter();
    this.flushes = metrics.counter("flushes");
    this.flushFailures = metrics.counter("flushFailures");
    metrics.gauge("lastFlushMillis", () -> lastFlushMillis);
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    try {
      delegate.write(element, context);
      records.inc();
    } catch (IOException | RuntimeException e) {
      recordErrors.inc();
      throw e;
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    long start = System.nanoTime();
    try {
      delegate.flush(endOfInput);
      flushes.inc();
    } catch (IOException | RuntimeException e) {
      flushFailures.inc();
      throw e;
    } finally {
      lastFlushMillis = (System.nanoTime() - start) / 1_000_000L;
    }
  }

  @Override
  public void close() throws Exception {
    delegate.close();
  }
}
