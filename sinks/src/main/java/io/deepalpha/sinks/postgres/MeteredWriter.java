package io.deepalpha.sinks.postgres;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what a sink writer does, in Flink's metric group (exported by the Prometheus reporter):
 * {@code numRecordsSend} (records handed to the JDBC writer), {@code numRecordsSendErrors}, {@code
 * flushes} and {@code flushFailures}, and the gauge {@code lastFlushMillis}.
 */
final class MeteredWriter<T> implements SinkWriter<T> {
  private static final Logger LOG = LoggerFactory.getLogger(MeteredWriter.class);
  private final SinkWriter<T> delegate;
  private final BatchKeyGuard<T> guard;
  private final Counter records;
  private final Counter recordErrors;
  private final Counter flushes;
  private final Counter flushFailures;
  private final Counter closeFailures;
  private final Counter forcedFlushes;
  private volatile long lastFlushMillis;

  MeteredWriter(SinkWriter<T> delegate, BatchKeyGuard<T> guard, SinkWriterMetricGroup metrics) {
    this.delegate = delegate;
    this.guard = guard;
    this.records = metrics.getNumRecordsSendCounter();
    this.recordErrors = metrics.getNumRecordsSendErrorsCounter();
    this.flushes = metrics.counter("flushes");
    this.flushFailures = metrics.counter("flushFailures");
    this.closeFailures = metrics.counter("closeFailures");
    this.forcedFlushes = metrics.counter("keyRepeatFlushes");
    metrics.gauge("lastFlushMillis", () -> lastFlushMillis);
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    if (guard.mustFlushBefore(element)) {
      forcedFlushes.inc();
      delegate.flush(false);
    }
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
      guard.flushed();
      flushes.inc();
    } catch (IOException | RuntimeException e) {
      flushFailures.inc();
      throw e;
    } finally {
      lastFlushMillis = (System.nanoTime() - start) / 1_000_000L;
    }
  }

  /**
   * Closes the JDBC writer without throwing. After a failed flush the connector's close() retries
   * the failed batch on a dead statement and throws; an exception from close() while the task is
   * already failing is fatal to the whole TaskManager in Flink 2.2, so a job that should simply
   * restart from its checkpoint would never come back. Nothing is lost by swallowing it: rows not
   * flushed by a completed checkpoint are replayed after the restart, and the upserts make the
   * replay harmless.
   */
  @Override
  public void close() {
    try {
      delegate.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      closeFailures.inc();
      LOG.warn(
          "closing the PostgreSQL writer failed; unflushed rows replay from the checkpoint", e);
    }
  }
}
