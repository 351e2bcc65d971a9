package io.deepalpha.jobs.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.model.event.ChangeOp;
import io.deepalpha.model.event.ConfigChange;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/**
 * The config input must never carry event time: a Long.MAX_VALUE watermark from it once made every
 * quote late as soon as md.quotes was marked idle.
 */
class ConfigWatermarksTest {

  @Test
  void configInputIsAlwaysIdleAndEmitsNoWatermark() {
    WatermarkGenerator<ConfigChange> generator =
        ConfigWatermarks.neverHoldBack().createWatermarkGenerator(null);
    RecordingOutput out = new RecordingOutput();

    generator.onPeriodicEmit(out);
    generator.onEvent(change(), 123L, out);
    generator.onPeriodicEmit(out);

    assertThat(out.watermarks).isEmpty();
    assertThat(out.idleCalls).isEqualTo(3);
  }

  private static ConfigChange change() {
    return ConfigChange.newBuilder()
        .setTable("strategies")
        .setKey("xarb|BTC-USDT")
        .setOp(ChangeOp.UPDATE)
        .setVersion(1L)
        .setCommitTimeUs(123_000L)
        .build();
  }

  /** A hand-written WatermarkOutput that records what the generator does. */
  private static final class RecordingOutput implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();
    int idleCalls;

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {
      idleCalls++;
    }

    @Override
    public void markActive() {}
  }
}
