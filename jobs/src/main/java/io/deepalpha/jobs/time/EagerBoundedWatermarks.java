package io.deepalpha.jobs.time;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness, like Flink's {@code BoundedOutOfOrdernessWatermarks} (watermark = the
 * highest event time seen − bound − 1 ms), but emitted as soon as an event moves it by at least one
 * millisecond instead of only at the next periodic emission. The watermark's value, and so which
 * events are late, is the same function of the events seen; it only arrives earlier: a quote waits
 * for the bound, not for the bound plus up to one auto-watermark interval. At most one watermark
 * per millisecond of event time per split, so high rates do not flood the stream.
 */
public final class EagerBoundedWatermarks<T> implements WatermarkGenerator<T> {
  private final long boundMs;
  private long maxTimestamp;
  private long emitted = Long.MIN_VALUE;

  public EagerBoundedWatermarks(Duration bound) {
    this.boundMs = bound.toMillis();
    // Start so that maxTimestamp - bound - 1 does not underflow.
    this.maxTimestamp = Long.MIN_VALUE + boundMs + 1;
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    if (eventTimestamp > maxTimestamp) {
      maxTimestamp = eventTimestamp;
      emit(output);
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    // Always, as Flink's own generator does: an emission marks an output that was idle active
    // again (the idleness wrapper calls this only while events arrive); repeats are no-ops
    // downstream.
    long watermark = maxTimestamp - boundMs - 1;
    emitted = Math.max(emitted, watermark);
    output.emitWatermark(new Watermark(watermark));
  }

  private void emit(WatermarkOutput output) {
    long watermark = maxTimestamp - boundMs - 1;
    if (watermark > emitted) {
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
