package io.deepalpha.jobs.risk;

import static io.deepalpha.jobs.risk.RiskFixtures.BEGINNING_MS;
import static io.deepalpha.jobs.risk.RiskFixtures.quote;
import static io.deepalpha.jobs.risk.RiskFixtures.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepalpha.model.event.Venue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Sliding market windows: hand-computed statistics, lateness, and state that leaves. */
class MarketWindowTest {

  private static List<MarketEvent> handExample() {
    // mids 100 -> 101 -> 100; trades 1 @ 100 and 3 @ 102
    return new ArrayList<>(
        List.of(
            MarketEvent.of(quote(Venue.BINANCE, 0, 1, 99.995, 100.005)), // mid 100, spread 1 bps
            MarketEvent.of(quote(Venue.BINANCE, 1_000, 2, 100.99, 101.01)), // mid 101, 1.98 bps
            MarketEvent.of(quote(Venue.BINANCE, 2_000, 3, 99.98, 100.02)), // mid 100, 4 bps
            MarketEvent.of(trade(Venue.BINANCE, 500, 4, 100, 1)),
            MarketEvent.of(trade(Venue.BINANCE, 1_500, 5, 102, 3))));
  }

  @Test
  void statisticsOfAWindowByHand() {
    MarketRiskStats s = MarketWindowFunction.compute(sorted(handExample()), 0, 60_000);

    // returns ln(101/100) and ln(100/101): vol = sqrt(2) * 0.00995033 * 10_000 = 140.7185 bps
    assertThat(s.volatilityBps).isCloseTo(140.7185, within(1e-3));
    assertThat(s.volume).isEqualTo(4.0);
    assertThat(s.vwap).isEqualTo(101.5); // (100 * 1 + 102 * 3) / 4
    assertThat(s.spreadBpsMin).isCloseTo(1.0, within(1e-9));
    assertThat(s.spreadBpsMedian).isCloseTo(0.02 / 101 * 10_000, within(1e-9));
    assertThat(s.spreadBpsMax).isCloseTo(4.0, within(1e-9));
    assertThat(s.quotes).isEqualTo(3);
    assertThat(s.trades).isEqualTo(2);
  }

  @Test
  void windowsSlideCountLateEventsAndLeaveNoState() throws Exception {
    try (var h = harness()) {
      for (MarketEvent e : handExample()) {
        h.processElement(e, e.timeUs / 1_000);
      }
      // 10 s windows sliding by 5 s: [t-5s, t+5s) and [t, t+10s) hold the events (t = BEGINNING).
      h.processWatermark(BEGINNING_MS + 4_999);
      assertThat(h.extractOutputValues()).hasSize(1);
      h.processWatermark(BEGINNING_MS + 9_999);
      List<MarketRiskStats> out = h.extractOutputValues();
      assertThat(out).hasSize(2);
      assertThat(out)
          .extracting(s -> s.windowStartMs)
          .containsExactly(BEGINNING_MS - 5_000, BEGINNING_MS);
      assertThat(out).allSatisfy(s -> assertThat(s.vwap).isEqualTo(101.5));

      MarketEvent late = MarketEvent.of(quote(Venue.BINANCE, 3_000, 6, 100, 100.01));
      h.processElement(late, late.timeUs / 1_000);

      assertThat(h.getSideOutput(RiskJob.LATE_MARKET))
          .extracting(r -> r.getValue().timeUs)
          .containsExactly(late.timeUs);
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  private static List<MarketEvent> sorted(List<MarketEvent> events) {
    events.sort((a, b) -> Long.compare(a.timeUs, b.timeUs));
    return events;
  }

  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, MarketRiskStats>
      harness() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    var windowed =
        env.fromData(handExample())
            .keyBy(new RiskJob.MarketKey())
            .window(SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(5)))
            .sideOutputLateData(RiskJob.LATE_MARKET)
            .process(new MarketWindowFunction());
    var transformation =
        (OneInputTransformation<MarketEvent, MarketRiskStats>) windowed.getTransformation();
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            (OneInputStreamOperator<MarketEvent, MarketRiskStats>) transformation.getOperator(),
            (KeySelector<MarketEvent, String>) transformation.getStateKeySelector(),
            org.apache.flink.api.common.typeinfo.Types.STRING);
    h.open();
    return h;
  }
}
