package io.deepalpha.jobs.risk;

import static io.deepalpha.jobs.risk.RiskFixtures.quote;
import static io.deepalpha.jobs.risk.RiskFixtures.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepalpha.model.event.Venue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * {@link MarketWindowsOperator} restored from the state of the operator that held its uid before
 * commit 9c9c636 (Flink's sliding {@code WindowOperator} with a {@code ProcessWindowFunction}, as
 * {@code WindowedStream.process} built it): the windows the old operator emitted before the cut
 * plus the ones the new one emits after it are exactly those of one uninterrupted run.
 */
class MarketWindowsTakeOverTest {
  private static final long SIZE_MS = 10_000;
  private static final long SLIDE_MS = 5_000;
  private static final long BOUND_MS = 200;

  @Test
  void openWindowsOfTheWindowOperatorContinueInThePanesWithoutLossOrRepeat() throws Exception {
    List<MarketEvent> arrival = shuffledEvents(new Random(9));
    List<MarketRiskStats> uninterrupted = run(newHarness(null), arrival);
    assertThat(uninterrupted).hasSizeGreaterThan(15);

    for (int cut : new int[] {1, 250, 777, 1_200, 1_999}) {
      List<MarketEvent> before = arrival.subList(0, cut);
      List<MarketEvent> after = arrival.subList(cut, arrival.size());
      List<MarketRiskStats> emitted = new ArrayList<>();
      OperatorSubtaskState savepoint;
      try (var old = oldHarness()) {
        feed(old, before);
        emitted.addAll(old.extractOutputValues());
        savepoint = old.snapshot(1L, 1L);
      }
      try (var restored = newHarness(savepoint)) {
        // The restored operator holds the old events, buffered with their timers.
        assertThat(restored.numKeyedStateEntries()).as("cut %d", cut).isPositive();
        feed(restored, after);
        restored.processWatermark(Long.MAX_VALUE);
        emitted.addAll(restored.extractOutputValues());
        assertThat(restored.getSideOutput(RiskJob.LATE_MARKET)).isNullOrEmpty();
        assertThat(restored.numKeyedStateEntries()).as("cut %d", cut).isZero();
        assertThat(restored.numEventTimeTimers()).as("cut %d", cut).isZero();
      }
      assertSameWindows(emitted, uninterrupted, cut);
    }
  }

  @Test
  void windowOperatorStateThatAnInterimVersionLeftUnreadIsDeletedNotTakenOver() throws Exception {
    // 88afb60 -> a version with MarketWindows but no take-over (restores, ignores the old lists)
    // -> this one: the old lists are older than the panes and must not be replayed into them.
    List<MarketEvent> arrival = shuffledEvents(new Random(9));
    OperatorSubtaskState fromOld;
    try (var old = oldHarness()) {
      feed(old, arrival.subList(0, 777));
      fromOld = old.snapshot(1L, 1L);
    }
    OperatorSubtaskState fromInterim;
    try (var interim = interimHarness(fromOld)) {
      feed(interim, arrival.subList(777, 1_400));
      fromInterim = interim.snapshot(2L, 2L);
    }
    List<MarketEvent> rest = arrival.subList(1_400, arrival.size());
    List<MarketRiskStats> interimGoesOn = run(interimHarness(fromInterim), rest);
    try (var restored = newHarness(fromInterim)) {
      feed(restored, rest);
      restored.processWatermark(Long.MAX_VALUE);
      assertSameWindows(restored.extractOutputValues(), interimGoesOn, 1_400);
      assertThat(restored.numKeyedStateEntries()).isZero();
      assertThat(restored.numEventTimeTimers()).isZero();
    }
  }

  private static void assertSameWindows(
      List<MarketRiskStats> actual, List<MarketRiskStats> expected, int cut) {
    Comparator<MarketRiskStats> order =
        Comparator.<MarketRiskStats, String>comparing(w -> w.venue)
            .thenComparingLong(w -> w.windowEndMs);
    List<MarketRiskStats> a = new ArrayList<>(actual);
    List<MarketRiskStats> e = new ArrayList<>(expected);
    a.sort(order);
    e.sort(order);
    assertThat(a)
        .as("cut %d", cut)
        .extracting(w -> w.venue + " " + w.windowStartMs + ".." + w.windowEndMs)
        .containsExactlyElementsOf(
            e.stream().map(w -> w.venue + " " + w.windowStartMs + ".." + w.windowEndMs).toList());
    for (int i = 0; i < a.size(); i++) {
      MarketRiskStats x = a.get(i);
      MarketRiskStats y = e.get(i);
      String what = "cut " + cut + ": " + x;
      assertThat(x.quotes).as(what).isEqualTo(y.quotes);
      assertThat(x.trades).as(what).isEqualTo(y.trades);
      assertThat(x.volatilityBps).as(what).isCloseTo(y.volatilityBps, within(1e-9));
      assertThat(x.volume).as(what).isCloseTo(y.volume, within(1e-9));
      assertThat(x.vwap).as(what).isCloseTo(y.vwap, within(1e-9));
      assertThat(x.spreadBpsMedian).as(what).isEqualTo(y.spreadBpsMedian);
      assertThat(x.spreadBpsP90).as(what).isEqualTo(y.spreadBpsP90);
    }
  }

  /** 40 s of quotes and trades on two venues, arriving up to 150 ms late (bound 200 ms). */
  private static List<MarketEvent> shuffledEvents(Random random) {
    List<MarketEvent> events = new ArrayList<>();
    double[] mid = {100, 100};
    Venue[] venues = {Venue.BINANCE, Venue.OKX};
    for (int i = 0; i < 2_000; i++) {
      long offsetMs = i * 20L + random.nextInt(20);
      int v = random.nextInt(2);
      if (random.nextInt(4) == 0) {
        events.add(MarketEvent.of(trade(venues[v], offsetMs, i, mid[v], 0.1 + random.nextInt(9))));
      } else {
        mid[v] *= 1 + (random.nextInt(21) - 10) / 10_000.0;
        double half = mid[v] * (1 + random.nextInt(5)) / 20_000.0;
        events.add(MarketEvent.of(quote(venues[v], offsetMs, i, mid[v] - half, mid[v] + half)));
      }
    }
    Map<MarketEvent, Long> arrivalUs = new IdentityHashMap<>();
    for (MarketEvent e : events) {
      arrivalUs.put(e, e.timeUs + random.nextInt(150_000));
    }
    List<MarketEvent> arrival = new ArrayList<>(events);
    arrival.sort(Comparator.comparing(arrivalUs::get));
    return arrival;
  }

  /**
   * Events in arrival order, each followed by the bounded watermark when it moves. A restored
   * operator starts without a watermark, as after a restore in Flink.
   */
  private static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, MarketRiskStats> h,
      List<MarketEvent> events)
      throws Exception {
    long maxMs = Long.MIN_VALUE;
    for (MarketEvent e : events) {
      long timeMs = e.timeUs / 1_000;
      h.processElement(e, timeMs);
      if (timeMs > maxMs) {
        maxMs = timeMs;
        h.processWatermark(maxMs - BOUND_MS);
      }
    }
  }

  private static List<MarketRiskStats> run(
      KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, MarketRiskStats> h,
      List<MarketEvent> events)
      throws Exception {
    try (h) {
      feed(h, events);
      h.processWatermark(Long.MAX_VALUE);
      return h.extractOutputValues();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, MarketRiskStats>
      newHarness(OperatorSubtaskState restoreFrom) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new MarketWindowsOperator(new MarketWindows(SIZE_MS, SLIDE_MS)),
            new RiskJob.MarketKey(),
            Types.STRING);
    if (restoreFrom != null) {
      h.initializeState(restoreFrom);
    }
    h.open();
    return h;
  }

  /** MarketWindows as 9c9c636 ran it: restores the old operator's state without reading it. */
  private static KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, MarketRiskStats>
      interimHarness(OperatorSubtaskState restoreFrom) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new MarketWindows(SIZE_MS, SLIDE_MS)),
            new RiskJob.MarketKey(),
            Types.STRING);
    h.initializeState(restoreFrom);
    h.open();
    return h;
  }

  /** The operator of the version before 9c9c636, as {@code WindowedStream.process} built it. */
  private static KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, MarketRiskStats>
      oldHarness() throws Exception {
    WindowOperatorBuilder<MarketEvent, String, TimeWindow> builder =
        new WindowOperatorBuilder<>(
            SlidingEventTimeWindows.of(Duration.ofMillis(SIZE_MS), Duration.ofMillis(SLIDE_MS)),
            EventTimeTrigger.create(),
            new ExecutionConfig(),
            TypeInformation.of(MarketEvent.class),
            new RiskJob.MarketKey(),
            Types.STRING);
    builder.sideOutputLateData(RiskJob.LATE_MARKET);
    OneInputStreamOperator<MarketEvent, MarketRiskStats> operator =
        builder.process(new OldWindowFunction());
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            operator, new RiskJob.MarketKey(), Types.STRING);
    h.open();
    return h;
  }

  /** The statistics of one window from its events sorted in event time (the old function). */
  private static final class OldWindowFunction
      extends ProcessWindowFunction<MarketEvent, MarketRiskStats, String, TimeWindow> {
    @Override
    public void process(
        String key, Context ctx, Iterable<MarketEvent> events, Collector<MarketRiskStats> out) {
      List<MarketEvent> sorted = new ArrayList<>();
      events.forEach(sorted::add);
      sorted.sort(
          Comparator.<MarketEvent>comparingLong(e -> e.timeUs).thenComparingLong(e -> e.sequence));
      out.collect(MarketWindows.compute(sorted, ctx.window().getStart(), ctx.window().getEnd()));
    }
  }
}
