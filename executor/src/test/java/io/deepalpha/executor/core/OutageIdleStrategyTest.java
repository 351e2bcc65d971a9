package io.deepalpha.executor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;

class OutageIdleStrategyTest {

  /** A busy-spin stand-in that only counts. */
  private static final class CountingIdle implements IdleStrategy {
    int idles;

    @Override
    public void idle(int workCount) {
      idles++;
    }

    @Override
    public void idle() {
      idles++;
    }

    @Override
    public void reset() {}
  }

  @Test
  void withKafkaAwayACycleWithoutWorkParksAMillisecondInsteadOfSpinning() {
    CountingIdle spin = new CountingIdle();
    AtomicBoolean connected = new AtomicBoolean(true);
    OutageIdleStrategy idle = new OutageIdleStrategy(spin, connected::get);

    idle.idle(0);
    idle.idle(3);
    assertThat(spin.idles).isEqualTo(2); // Kafka there: the configured strategy decides

    connected.set(false);
    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      idle.idle(0);
    }
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(spin.idles).isEqualTo(2);
    // 50 parks of 1 ms (half of it allows for early returns of parkNanos); a spin takes ~0 ms.
    assertThat(elapsedMs).isGreaterThanOrEqualTo(25);

    idle.idle(1); // work was done: no parking, the configured strategy again
    assertThat(spin.idles).isEqualTo(3);
  }
}
