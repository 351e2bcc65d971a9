package io.deepalpha.jobs.time;

import io.deepalpha.model.event.ConfigChange;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Config changes are processing-time data (they apply from when they arrive). Their input must not
 * hold back the event time of the market data it is connected to, so it always reports the end of
 * time as its watermark.
 */
public final class ConfigWatermarks {
  private ConfigWatermarks() {}

  public static WatermarkStrategy<ConfigChange> neverHoldBack() {
    return WatermarkStrategy.<ConfigChange>forGenerator(ctx -> new EndOfTime())
        .withTimestampAssigner((change, ts) -> Math.floorDiv(change.getCommitTimeUs(), 1_000L));
  }

  private static final class EndOfTime implements WatermarkGenerator<ConfigChange> {
    @Override
    public void onEvent(ConfigChange event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }
  }
}
