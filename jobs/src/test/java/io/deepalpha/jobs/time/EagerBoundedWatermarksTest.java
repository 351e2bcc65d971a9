package io.deepalpha.jobs.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class EagerBoundedWatermarksTest {
  private static final Duration BOUND = Duration.ofMillis(20);

  @Test
  void emitsAsSoonAsAnEventMovesTheWatermarkAndNotForOlderEvents() {
    Recorder out = new Recorder();
    EagerBoundedWatermarks<String> generator = new EagerBoundedWatermarks<>(BOUND);

    generator.onEvent("a", 1_000L, out);
    generator.onEvent("late-but-within-bound", 990L, out);
    generator.onEvent("b", 1_005L, out);
    generator.onEvent("same", 1_005L, out);

    assertThat(out.watermarks).containsExactly(979L, 984L);
    assertThat(out.idle).isFalse();
  }

  @Test
  void periodicValueEqualsFlinksBoundedOutOfOrdernessForTheSameEvents() {
    long[] times = {1_000L, 990L, 1_005L, 1_003L, 1_040L, 1_020L};
    Recorder eager = new Recorder();
    Recorder flink = new Recorder();
    WatermarkGenerator<String> ours = new EagerBoundedWatermarks<>(BOUND);
    WatermarkGenerator<String> theirs = new BoundedOutOfOrdernessWatermarks<>(BOUND);

    for (long t : times) {
      ours.onEvent("q", t, eager);
      theirs.onEvent("q", t, flink);
      ours.onPeriodicEmit(eager);
      theirs.onPeriodicEmit(flink);
      assertThat(eager.last()).isEqualTo(flink.last());
    }
    assertThat(eager.last()).isEqualTo(1_019L);
  }

  private static final class Recorder implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();
    boolean idle;

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
      idle = false;
    }

    @Override
    public void markIdle() {
      idle = true;
    }

    @Override
    public void markActive() {
      idle = false;
    }

    long last() {
      return watermarks.get(watermarks.size() - 1);
    }
  }
}
