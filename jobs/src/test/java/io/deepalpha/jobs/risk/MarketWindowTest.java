package io.deepalpha.jobs.risk;

import static io.deepalpha.jobs.risk.RiskFixtures.BEGINNING_MS;
import static io.deepalpha.jobs.risk.RiskFixtures.quote;
import static io.deepalpha.jobs.risk.RiskFixtures.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepalpha.model.event.Venue;
import java.util.ArrayList;
import java.util.List;
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
    MarketRiskStats s = MarketWindows.compute(sorted(handExample()), 0, 60_000);

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

  @Test
  void panesGiveTheStatisticsOfEveryWindowComputedFromItsEventsInOrder() throws Exception {
    // 40 s of quotes and trades on one key, shuffled within 150 ms, against the direct computation
    // over each window's events sorted in event time.
    java.util.Random random = new java.util.Random(5);
    List<MarketEvent> events = new ArrayList<>();
    double mid = 100;
    for (int i = 0; i < 2_000; i++) {
      long offsetMs = i * 20L + random.nextInt(20);
      if (random.nextInt(4) == 0) {
        events.add(
            MarketEvent.of(trade(Venue.OKX, offsetMs, i, mid, 0.1 + random.nextInt(10) / 10.0)));
      } else {
        mid *= 1 + (random.nextInt(21) - 10) / 10_000.0;
        double half = mid * (1 + random.nextInt(5)) / 20_000.0;
        events.add(MarketEvent.of(quote(Venue.OKX, offsetMs, i, mid - half, mid + half)));
      }
    }
    // Arrival order: event time plus a delay of up to 150 ms.
    java.util.Map<MarketEvent, Long> arrivalUs = new java.util.IdentityHashMap<>();
    for (MarketEvent e : events) {
      arrivalUs.put(e, e.timeUs + random.nextInt(150_000));
    }
    List<MarketEvent> arrival = new ArrayList<>(events);
    arrival.sort(java.util.Comparator.comparing(arrivalUs::get));
    List<MarketRiskStats> out;
    try (var h = harness()) {
      long watermark = Long.MIN_VALUE;
      for (MarketEvent e : arrival) {
        h.processElement(e, e.timeUs / 1_000);
        long candidate = e.timeUs / 1_000 - 200; // bound 200 ms: nothing here is late
        if (candidate > watermark) {
          watermark = candidate;
          h.processWatermark(watermark);
        }
      }
      h.processWatermark(Long.MAX_VALUE);
      out = h.extractOutputValues();
      assertThat(h.getSideOutput(RiskJob.LATE_MARKET)).isNullOrEmpty();
      assertThat(h.numKeyedStateEntries()).isZero();
    }

    // Windows of 10 s sliding by 5 s over [0, 40 s]: every window with an event, in order.
    assertThat(out).hasSize(9);
    for (MarketRiskStats w : out) {
      List<MarketEvent> inside =
          sorted(
              new ArrayList<>(
                  events.stream()
                      .filter(
                          e ->
                              e.timeUs / 1_000 >= w.windowStartMs
                                  && e.timeUs / 1_000 < w.windowEndMs)
                      .toList()));
      MarketRiskStats direct = direct(inside);
      assertThat(w.windowEndMs - w.windowStartMs).isEqualTo(10_000);
      assertThat(w.quotes).isEqualTo(direct.quotes);
      assertThat(w.trades).isEqualTo(direct.trades);
      assertThat(w.volatilityBps).isCloseTo(direct.volatilityBps, within(1e-9));
      assertThat(w.volume).isCloseTo(direct.volume, within(1e-9));
      assertThat(w.vwap).isCloseTo(direct.vwap, within(1e-9));
      assertThat(w.spreadBpsMin).isEqualTo(direct.spreadBpsMin);
      assertThat(w.spreadBpsMedian).isEqualTo(direct.spreadBpsMedian);
      assertThat(w.spreadBpsP90).isEqualTo(direct.spreadBpsP90);
      assertThat(w.spreadBpsMax).isEqualTo(direct.spreadBpsMax);
    }
    assertThat(out.get(4).volatilityBps).isPositive();
  }

  /** The definition, evaluated over a window's events in event-time order. */
  private static MarketRiskStats direct(List<MarketEvent> sorted) {
    MarketRiskStats s = new MarketRiskStats();
    double sumSquares = 0;
    double previousMid = Double.NaN;
    double notional = 0;
    List<Double> spreads = new ArrayList<>();
    for (MarketEvent e : sorted) {
      if (e.trade) {
        s.trades++;
        s.volume += e.size;
        notional += e.price * e.size;
      } else if (e.mid > 0) {
        s.quotes++;
        spreads.add(e.spreadBps);
        if (!Double.isNaN(previousMid)) {
          double r = Math.log(e.mid / previousMid);
          sumSquares += r * r;
        }
        previousMid = e.mid;
      }
    }
    s.volatilityBps = Math.sqrt(sumSquares) * 10_000;
    s.vwap = s.volume > 0 ? notional / s.volume : 0;
    spreads.sort(Double::compare);
    s.spreadBpsMin = spreads.get(0);
    s.spreadBpsMax = spreads.get(spreads.size() - 1);
    s.spreadBpsMedian = spreads.get((int) Math.ceil(0.5 * spreads.size()) - 1);
    s.spreadBpsP90 = spreads.get((int) Math.ceil(0.9 * spreads.size()) - 1);
    return s;
  }

  private static List<MarketEvent> sorted(List<MarketEvent> events) {
    events.sort((a, b) -> Long.compare(a.timeUs, b.timeUs));
    return events;
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, MarketRiskStats>
      harness() throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new MarketWindowsOperator(new MarketWindows(10_000, 5_000)),
            new RiskJob.MarketKey(),
            org.apache.flink.api.common.typeinfo.Types.STRING);
    h.open();
    return h;
  }
}
