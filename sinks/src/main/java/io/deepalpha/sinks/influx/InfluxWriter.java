package io.deepalpha.sinks.influx;

import java.io.IOException;
import java.util.function.Function;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Buffers points and writes them in batches: when {@code batchSize} points are buffered, when the
 * flush interval passes (a processing-time timer, run on the task thread), and before every
 * checkpoint ({@link #flush}), so a completed checkpoint means its points are in InfluxDB.
 *
 * <p>Metrics (Flink metric group, exported by the Prometheus reporter): {@code numRecordsSend}
 * (points written), {@code numRecordsSendErrors} (points of failed batches), {@code batches},
 * {@code retries}, {@code pointsBeyondRetention} (older than the retention policy keeps: InfluxDB
 * drops them, the batch counts as written), {@code skippedFields} (non-finite values), {@code
 * skippedPoints}, gauges {@code bufferedPoints} and {@code lastBatchMillis}.
 */
final class InfluxWriter<T> implements SinkWriter<T> {
  private final PointMapper<T> mapper;
  private final InfluxSinkOptions options;
  private final WriteTarget target;
  private final BatchSender sender;
  private final ProcessingTimeService timers;
  private final PointBuffer buffer = new PointBuffer(1 << 20);
  private final Counter sentPoints;
  private final Counter failedPoints;
  private final Counter batches;
  private final Counter retries;
  private final Counter beyondRetention;
  private volatile long lastBatchMillis;
  private long lastSendAt;

  InfluxWriter(
      PointMapper<T> mapper,
      InfluxSinkOptions options,
      Function<InfluxSinkOptions, WriteTarget> targets,
      ProcessingTimeService timers,
      SinkWriterMetricGroup metrics) {
    this.mapper = mapper;
    this.options = options;
    this.target = targets.apply(options);
    this.timers = timers;
    this.sentPoints = metrics.getNumRecordsSendCounter();
    this.failedPoints = metrics.getNumRecordsSendErrorsCounter();
    this.batches = metrics.counter("batches");
    this.retries = metrics.counter("retries");
    this.beyondRetention = metrics.counter("pointsBeyondRetention");
    metrics.gauge("skippedFields", buffer::skippedFields);
    metrics.gauge("skippedPoints", buffer::skippedPoints);
    metrics.gauge("bufferedPoints", buffer::lines);
    metrics.gauge("lastBatchMillis", () -> lastBatchMillis);
    this.sender =
        new BatchSender(
            target,
            options,
            Thread::sleep,
            new BatchSender.Listener() {
              @Override
              public void retried(InfluxWriteException cause) {
                retries.inc();
              }

              @Override
              public void beyondRetention(int points) {
                beyondRetention.inc(points);
              }

              @Override
              public void sent(int lines, long millis) {
                batches.inc();
                sentPoints.inc(lines);
                lastBatchMillis = millis;
              }
            });
    this.lastSendAt = timers.getCurrentProcessingTime();
    scheduleFlush();
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    mapper.write(element, buffer);
    if (buffer.lines() >= options.batchSize()) {
      send();
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    mapper.flushPending(buffer);
    send();
  }

  private void scheduleFlush() {
    timers.registerTimer(
        timers.getCurrentProcessingTime() + options.flushIntervalMs(), this::onFlushTimer);
  }

  private void onFlushTimer(long now) throws InterruptedException {
    if (now - lastSendAt >= options.flushIntervalMs()) {
      mapper.flushPending(buffer);
      send();
    }
    scheduleFlush();
  }

  private void send() throws InterruptedException {
    lastSendAt = timers.getCurrentProcessingTime();
    if (buffer.isEmpty()) {
      return;
    }
    try {
      sender.send(buffer.text(), buffer.lines());
    } catch (InfluxWriteException e) {
      failedPoints.inc(buffer.lines());
      throw e;
    }
    buffer.clear();
  }

  @Override
  public void close() {
    target.close();
  }
}
