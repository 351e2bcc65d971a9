package io.deepalpha.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.model.instrument.InstrumentRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayClockTest {

  @Test
  void withAWaitTheReplayClockStartsThatLongAfterTheFirstConnectionAndStaysThere()
      throws Exception {
    try (VenueSimulator simulator = simulator()) {
      simulator.replay(Map.of(), 1.0, Duration.ofSeconds(2));
      simulator.start(0);
      Thread.sleep(50); // the first connection comes after the start
      long firstConnection = System.nanoTime();
      long start = simulator.replayStartNs();
      assertThat(start - firstConnection).isBetween(2_000_000_000L, 2_500_000_000L);
      assertThat(simulator.replayStartNs()).as("a second venue's connection").isEqualTo(start);
    }
  }

  @Test
  void withoutAWaitTheReplayClockIsTheSimulatorStart() throws Exception {
    try (VenueSimulator simulator = simulator()) {
      simulator.replay(Map.of(), 1.0);
      long before = System.nanoTime();
      simulator.start(0);
      long after = System.nanoTime();
      Thread.sleep(50);
      assertThat(simulator.replayStartNs()).isBetween(before, after);
    }
  }

  private static VenueSimulator simulator() {
    return new VenueSimulator(
        SimulatorSettings.defaults(), InstrumentRegistry.loadDefault(), List.of("BTC-USDT"));
  }
}
