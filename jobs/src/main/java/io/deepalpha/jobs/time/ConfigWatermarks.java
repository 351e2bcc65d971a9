package io.deepalpha.jobs.time;

import io.deepalpha.model.event.ConfigChange;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Config changes are processing-time data (they apply from when they arrive). Their input must not
 * take part in the event time of the market data it is connected to, so it declares itself idle and
 * never emits a watermark. (Emitting Long.MAX_VALUE instead would be wrong: when the market input
 * goes idle, the operator's event time would jump to the end of time and every later quote would be
 * late.)
 */
public final class ConfigWatermarks {
  private ConfigWatermarks() {}

  public static WatermarkStrategy<ConfigChange> neverHoldBack() {
    return WatermarkStrategy.<ConfigChange>forGenerator(ctx -> new AlwaysIdle())
        .withTimestampAssigner((change, ts) -> Math.floorDiv(change.getCommitTimeUs(), 1_000L));
  }

  private static final class AlwaysIdle implements WatermarkGenerator<ConfigChange> {
    @Override
    public void onEvent(ConfigChange event, long eventTimestamp, WatermarkOutput output) {
      output.markIdle();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.markIdle();
    }
  }
}
