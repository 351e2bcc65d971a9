package io.deepalpha.jobs.risk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sliding event-time windows of {@link MarketRiskStats} per instrument/venue, aggregated
 * incrementally: events are buffered until the watermark passes their time, applied in event-time
 * order (then sequence) to slide-long panes ({@link MarketPanes}), and a window [end - size, end)
 * is the merge of its panes, emitted when the watermark reaches end - 1 — the windows and firing
 * times of Flink's {@code SlidingEventTimeWindows}, with one stored copy of an event's figures
 * instead of one per window (size / slide copies of the whole event).
 *
 * <p>An event at or before the watermark when it arrives is late: it goes to {@link
 * RiskJob#LATE_MARKET} (the rule of SpreadJob). State exits: buffered events leave at their timer,
 * panes when no later window contains them, the take-over mark at its window's timer; a key without
 * panes holds nothing.
 *
 * <p>Runs in {@link MarketWindowsOperator}, which hands it the open windows of the Flink window
 * operator that held its uid before ({@link #takeOver}).
 */
public final class MarketWindows
    extends KeyedProcessFunction<String, MarketEvent, MarketRiskStats> {
  private static final long serialVersionUID = 1L;

  private static final Comparator<MarketEvent> ORDER =
      Comparator.<MarketEvent>comparingLong(e -> e.timeUs).thenComparingLong(e -> e.sequence);

  static final String PENDING_STATE = "pending";
  static final String PANES_STATE = "panes";

  private final long sizeMs;
  private final long slideMs;

  private transient MapState<Long, List<MarketEvent>> pending;
  private transient ValueState<MarketPanes> panes;

  /**
   * Only after a take-over: the end of the last window the previous operator emitted with any of
   * the events taken over; a window ending at or before it is not emitted again. Cleared at that
   * window's timer.
   */
  private transient ValueState<Long> emittedThrough;

  public MarketWindows(long sizeMs, long slideMs) {
    if (slideMs <= 0 || sizeMs < slideMs || sizeMs % slideMs != 0) {
      throw new IllegalArgumentException(
          "window size must be a positive multiple of the slide: " + sizeMs + " / " + slideMs);
    }
    this.sizeMs = sizeMs;
    this.slideMs = slideMs;
  }

  @Override
  public void open(OpenContext openContext) {
    TypeInformation<MarketEvent> eventType = TypeInformation.of(MarketEvent.class);
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(PENDING_STATE, Types.LONG, Types.LIST(eventType)));
    panes =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(PANES_STATE, TypeInformation.of(MarketPanes.class)));
    emittedThrough =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("window-operator-emitted-through", Types.LONG));
  }

  @Override
  public void processElement(MarketEvent e, Context ctx, Collector<MarketRiskStats> out)
      throws Exception {
    long timeMs = Math.floorDiv(e.timeUs, 1_000L);
    if (timeMs <= ctx.timerService().currentWatermark()) {
      ctx.output(RiskJob.LATE_MARKET, e);
      return;
    }
    buffer(e, timeMs, ctx.timerService());
  }

  private void buffer(MarketEvent e, long timeMs, TimerService timers) throws Exception {
    List<MarketEvent> batch = pending.get(timeMs);
    if (batch == null) {
      batch = new ArrayList<>(2);
      timers.registerEventTimeTimer(timeMs);
    }
    batch.add(e);
    pending.put(timeMs, batch);
  }

  /** One open window of Flink's window operator: [startMs, endMs) and its events. */
  record OpenWindow(long startMs, long endMs, List<MarketEvent> events) {}

  /**
   * Takes over the open windows of Flink's sliding window operator for the current key (restored
   * from a savepoint of the version before this class): each of their events once, buffered as if
   * it had just arrived, and the end of the last window that operator had already emitted with any
   * of them. The windows open there agree on the events at any instant (a window still open at the
   * savepoint was open whenever one of its events arrived), so an event is taken from the first
   * open window that contains its time.
   */
  void takeOver(List<OpenWindow> open, TimerService timers) throws Exception {
    List<OpenWindow> byStart = new ArrayList<>(open);
    byStart.sort(Comparator.comparingLong(OpenWindow::startMs));
    // Every window ending before the first open one that holds one of these events had fired (it
    // would still be open otherwise); the last of them ends at lastFiredEnd.
    long firstOpenEnd = byStart.stream().mapToLong(OpenWindow::endMs).min().orElseThrow();
    long lastFiredEnd = Math.floorDiv(firstOpenEnd - 1, slideMs) * slideMs;
    long covered = Long.MIN_VALUE;
    boolean inFiredWindow = false;
    for (OpenWindow w : byStart) {
      for (MarketEvent e : w.events()) {
        long timeMs = Math.floorDiv(e.timeUs, 1_000L);
        if (timeMs >= covered) {
          buffer(e, timeMs, timers);
          inFiredWindow |= timeMs < lastFiredEnd;
        }
      }
      covered = Math.max(covered, w.endMs());
    }
    if (inFiredWindow) {
      emittedThrough.update(lastFiredEnd);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MarketRiskStats> out)
      throws Exception {
    MarketPanes state = panes.value();
    if (state == null) {
      state = new MarketPanes();
    }
    List<MarketEvent> batch = pending.get(timestamp);
    if (batch != null) {
      pending.remove(timestamp);
      batch.sort(ORDER);
      for (MarketEvent e : batch) {
        long opened = state.add(e, slideMs);
        if (opened != Long.MIN_VALUE) {
          // Every window the new pane belongs to fires at its end - 1.
          for (long end = opened + slideMs; end <= opened + sizeMs; end += slideMs) {
            ctx.timerService().registerEventTimeTimer(end - 1);
          }
        }
      }
    }
    long end = timestamp + 1;
    if (Math.floorMod(end, slideMs) == 0) {
      MarketRiskStats window = emittedBefore(end) ? null : state.window(end - sizeMs, end);
      if (window != null) {
        out.collect(window);
      }
      state.dropBefore(end - sizeMs + slideMs);
    }
    if (state.isEmpty()) {
      panes.clear();
    } else {
      panes.update(state);
    }
  }

  private boolean emittedBefore(long end) throws Exception {
    Long through = emittedThrough.value();
    if (through == null) {
      return false;
    }
    if (end >= through) {
      emittedThrough.clear();
    }
    return end <= through;
  }

  /** Statistics of events (sorted in event time) as one window [startMs, endMs): for tests. */
  static MarketRiskStats compute(List<MarketEvent> sorted, long startMs, long endMs) {
    MarketPanes state = new MarketPanes();
    for (MarketEvent e : sorted) {
      state.add(e, Long.MAX_VALUE / 2); // one pane
    }
    MarketRiskStats s = state.window(Long.MIN_VALUE, Long.MAX_VALUE);
    s.windowStartMs = startMs;
    s.windowEndMs = endMs;
    return s;
  }
}
