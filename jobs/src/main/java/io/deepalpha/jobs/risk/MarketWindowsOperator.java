package io.deepalpha.jobs.risk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.SimpleTimerService;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator of {@link MarketWindows} (uid {@link RiskJob#MARKET_WINDOWS}), which also takes over
 * the state of the operator that held this uid before commit 9c9c636: Flink's sliding {@code
 * WindowOperator}, with each open window's events in list state {@value #WINDOW_CONTENTS}
 * (namespace {@link TimeWindow}) and a timer per open window in timer service {@value
 * #WINDOW_TIMERS}.
 *
 * <p>On open, after a restore from such a savepoint, every key's open windows are read, their
 * events (each once: the open windows of a key agree on the events at any instant) handed to {@link
 * MarketWindows#takeOver}, and the old lists and timers deleted; so a {@code flink run -s} across
 * the change loses no market event and re-emits no window. Without that state (a fresh start or a
 * savepoint of this version) it registers nothing. Old state next to this version's state was left
 * unread by a version in between and is deleted instead.
 */
public final class MarketWindowsOperator
    extends KeyedProcessOperator<String, MarketEvent, MarketRiskStats> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MarketWindowsOperator.class);

  /** State and timer service names of Flink's {@code WindowOperator}. */
  static final String WINDOW_CONTENTS = "window-contents";

  static final String WINDOW_TIMERS = "window-timers";

  /** Timer service name of {@link KeyedProcessOperator}. */
  private static final String USER_TIMERS = "user-timers";

  private final MarketWindows windows;

  public MarketWindowsOperator(MarketWindows windows) {
    super(windows);
    this.windows = windows;
  }

  @Override
  public void open() throws Exception {
    super.open();
    takeOverWindowOperatorState();
  }

  private void takeOverWindowOperatorState() throws Exception {
    Map<String, List<TimeWindow>> open = new LinkedHashMap<>();
    KeyedStateBackend<String> backend = getKeyedStateBackend();
    try (Stream<Tuple2<String, TimeWindow>> keys = backend.getKeysAndNamespaces(WINDOW_CONTENTS)) {
      keys.forEach(k -> open.computeIfAbsent(k.f0, key -> new ArrayList<>()).add(k.f1));
    }
    if (open.isEmpty()) {
      return;
    }
    // Old windows next to pending events or panes: the savepoint went through a version that
    // restored the old state without reading it (9c9c636 until this class). Those events are
    // older than everything in the panes and would corrupt them (panes are built in event-time
    // order): they are deleted, not taken over.
    boolean stale =
        hasKeys(backend, MarketWindows.PENDING_STATE)
            || hasKeys(backend, MarketWindows.PANES_STATE);
    if (stale) {
      LOG.warn(
          "Deleting the window-operator state of {} keys that a previous version left unread",
          open.size());
    }
    ListStateDescriptor<MarketEvent> contents =
        new ListStateDescriptor<>(WINDOW_CONTENTS, TypeInformation.of(MarketEvent.class));
    TimeWindow.Serializer windowSerializer = new TimeWindow.Serializer();
    InternalTimerService<TimeWindow> oldTimers =
        getInternalTimerService(WINDOW_TIMERS, windowSerializer, new NoTimers());
    InternalTimerService<VoidNamespace> timers =
        getInternalTimerService(USER_TIMERS, VoidNamespaceSerializer.INSTANCE, this);
    SimpleTimerService timerService = new SimpleTimerService(timers);
    for (Map.Entry<String, List<TimeWindow>> key : open.entrySet()) {
      setCurrentKey(key.getKey());
      List<MarketWindows.OpenWindow> openWindows = new ArrayList<>();
      for (TimeWindow w : key.getValue()) {
        ListState<MarketEvent> list = getPartitionedState(w, windowSerializer, contents);
        List<MarketEvent> events = new ArrayList<>();
        Iterable<MarketEvent> stored = list.get();
        if (stored != null) {
          stored.forEach(events::add);
        }
        openWindows.add(new MarketWindows.OpenWindow(w.getStart(), w.getEnd(), events));
        list.clear();
        // The trigger's timer and the cleanup timer: both at the window's last millisecond.
        oldTimers.deleteEventTimeTimer(w, w.maxTimestamp());
      }
      if (!stale) {
        windows.takeOver(openWindows, timerService);
      }
    }
  }

  private static boolean hasKeys(KeyedStateBackend<String> backend, String state) {
    try (Stream<String> keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
      return keys.findAny().isPresent();
    }
  }

  /** Target of the old timer service: its timers are deleted before any could fire. */
  private static final class NoTimers implements Triggerable<String, TimeWindow> {
    @Override
    public void onEventTime(InternalTimer<String, TimeWindow> timer) {}

    @Override
    public void onProcessingTime(InternalTimer<String, TimeWindow> timer) {}
  }
}
