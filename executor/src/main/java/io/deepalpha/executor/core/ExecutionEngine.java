package io.deepalpha.executor.core;

import io.deepalpha.executor.config.FsyncPolicy;
import io.deepalpha.executor.config.LegFailurePolicy;
import io.deepalpha.executor.journal.Journal;
import io.deepalpha.executor.journal.JournalFullException;
import io.deepalpha.executor.metrics.ExecutorCounters;
import io.deepalpha.executor.metrics.ExecutorCounters.Counter;
import io.deepalpha.executor.risk.Books;
import io.deepalpha.executor.risk.EventClock;
import io.deepalpha.executor.risk.InstrumentBook;
import io.deepalpha.executor.risk.Limits;
import io.deepalpha.executor.risk.LiveConfig;
import io.deepalpha.executor.risk.PreTradeChecks;
import io.deepalpha.executor.risk.RejectReason;
import io.deepalpha.executor.risk.RiskStates;
import io.deepalpha.executor.risk.SignalIds;
import io.deepalpha.executor.risk.Verdict;
import io.deepalpha.executor.venue.VenueGateway;
import io.deepalpha.executor.venue.VenueListener;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Liquidity;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Owns order and risk state; every method runs on the executor thread. A signal goes through the
 * pre-trade checks and ends in exactly one recorded outcome: refused (one REJECTED or EXPIRED
 * order), or placed (both legs journaled PENDING, then sent). The journal append comes before the
 * bytes go to a venue, so a crash can never leave an order the journal does not know about.
 */
public final class ExecutionEngine implements VenueListener {
  /**
   * How much longer than STALE_SIGNAL_WALL_MS a signal id is remembered after its outcome. Past
   * stale bound + margin a re-delivered signal is refused as stale by the wall clock anyway (its
   * event time is at most its outcome time plus the clock skew between producer and executor), so
   * forgetting the id cannot place it twice; the margin covers that skew and a reload that raises
   * the stale bound by up to 10 minutes.
   */
  public static final long DEDUP_MARGIN_US = 10 * 60 * 1_000_000L;

  private final TradingMode mode;
  private final InstrumentRegistry registry;
  private final Books books;
  private final RiskStates riskStates = new RiskStates();
  private final SignalIds signalIds = new SignalIds();
  private final EventClock eventClock = new EventClock();
  private final LiveConfig liveConfig;
  private final AtomicReference<Limits> reloadedLimits = new AtomicReference<>();
  private Limits limits;
  private final PreTradeChecks checks;
  private final Verdict verdict = new Verdict();
  private final OrderPool pool;
  private final ClientOrderIds clientOrderIds = new ClientOrderIds();
  private long lastOrderEventTimeNs;
  private final Journal journal;
  private final FsyncPolicy fsync;
  private final VenueGateway[] gateways = new VenueGateway[Venue.values().length];
  private final LegFailurePolicy legFailurePolicy;
  private final int unwindSlippageBps;
  private final ExecutorCounters counters;
  private final OrderEvent order = new OrderEvent();
  private final FillEvent fill = new FillEvent();

  /** The duty cycle's System.nanoTime, for work that callbacks start (unwinds). */
  private long nowNs;

  /** Wall clock of this run's first signal: ids recovered from the journal count from here. */
  private long firstSignalUs;

  private final OrderEvent snapshotOrder = new OrderEvent();
  private final Journal.Snapshot snapshot = this::writeSnapshot;
  private boolean rollFailed;

  public ExecutionEngine(
      TradingMode mode,
      InstrumentRegistry registry,
      Books books,
      LiveConfig liveConfig,
      Limits limits,
      Journal journal,
      FsyncPolicy fsync,
      LegFailurePolicy legFailurePolicy,
      int unwindSlippageBps,
      int maxOrdersInFlight,
      ExecutorCounters counters) {
    this.mode = mode;
    this.registry = registry;
    this.books = books;
    this.liveConfig = liveConfig;
    this.limits = limits;
    this.journal = journal;
    this.fsync = fsync;
    this.legFailurePolicy = legFailurePolicy;
    this.unwindSlippageBps = unwindSlippageBps;
    this.counters = counters;
    this.pool = new OrderPool(maxOrdersInFlight);
    this.checks =
        new PreTradeChecks(
            books,
            java.util.EnumSet.allOf(Venue.class),
            riskStates,
            signalIds,
            eventClock,
            liveConfig,
            () -> this.limits);
  }

  public void addGateway(VenueGateway gateway) {
    gateways[gateway.venue().ordinal()] = gateway;
  }

  public VenueGateway gateway(Venue venue) {
    return gateways[venue.ordinal()];
  }

  /** From any thread: the new limits apply from the next duty cycle; orders in flight go on. */
  public void reloadLimits(Limits next) {
    reloadedLimits.set(next);
  }

  public Limits limits() {
    return limits;
  }

  /** Swaps in reloaded limits between signals. */
  public int applyReloadedLimits() {
    Limits next = reloadedLimits.getAndSet(null);
    if (next == null) {
      return 0;
    }
    limits = next;
    counters.increment(Counter.LIMIT_RELOADS);
    return 1;
  }

  /**
   * The wall-clock time of an order event, at least 1 µs after the previous one: the clock has
   * millisecond resolution, and downstream stores key an order status by its time (InfluxDB keeps
   * one point per series and microsecond), so refusals of a burst of signals in the same
   * millisecond must not share a time. Runs ahead of the wall clock only while more than 1,000
   * order events per millisecond arrive. Engine thread only.
   */
  long nextOrderEventTimeNs(long wallClockMs) {
    lastOrderEventTimeNs = Math.max(wallClockMs * 1_000_000L, lastOrderEventTimeNs + 1_000L);
    return lastOrderEventTimeNs;
  }

  public void onQuote(Quote q, long nowUs) {
    InstrumentBook book = books.get(q.getInstrument());
    if (book == null || !book.onQuote(q, nowUs)) {
      counters.increment(Counter.QUOTES_IGNORED);
      return;
    }
    eventClock.observe(q.getExchangeTimeUs());
    counters.increment(Counter.QUOTES);
  }

  public void onRiskState(RiskState state) {
    riskStates.onRiskState(state);
    counters.increment(Counter.RISK_STATES);
  }

  public void onConfigChange(ConfigChange change) {
    if (liveConfig.onConfigChange(change)) {
      counters.increment(Counter.CONFIG_CHANGES);
    }
  }

  /**
   * Handles one signal to its outcome. {@code nowNs} is System.nanoTime, {@code nowUs} the wall
   * clock in epoch microseconds, both read once per duty cycle by the caller.
   */
  public void onSignal(Signal s, long nowNs, long nowUs) {
    this.nowNs = nowNs;
    counters.increment(Counter.SIGNALS_RECEIVED);
    eventClock.observe(s.getEventTimeUs());
    forgetSignalIds(nowUs);
    if (journal.needsRoll()) {
      try {
        roll();
      } catch (JournalFullException e) {
        throw new JournalFullException(
            "journal full: no room to record the outcome of signal "
                + s.getSignalId()
                + " ("
                + e.getMessage()
                + ")");
      }
    }
    if (!checks.check(s, nowUs, verdict)) {
      if (verdict.reason() == RejectReason.DUPLICATE_SIGNAL) {
        // Its one outcome exists already (journal); a second one would break the contract.
        counters.increment(Counter.SIGNALS_DUPLICATE);
        return;
      }
      refuse(s, nowUs, verdict.reason(), verdict.value(), verdict.limit(), verdict.venue());
      return;
    }
    VenueGateway buyGateway = gateways[s.getBuyVenue().ordinal()];
    VenueGateway sellGateway = gateways[s.getSellVenue().ordinal()];
    if (buyGateway == null || !buyGateway.canSend(nowNs)) {
      refuse(s, nowUs, RejectReason.VENUE_UNAVAILABLE, 0, 0, s.getBuyVenue());
      return;
    }
    if (sellGateway == null || !sellGateway.canSend(nowNs)) {
      refuse(s, nowUs, RejectReason.VENUE_UNAVAILABLE, 0, 0, s.getSellVenue());
      return;
    }
    if (pool.available() < 3) { // two legs and room for one unwind
      refuse(s, nowUs, RejectReason.NO_CAPACITY, 0, 0, Venue.UNKNOWN);
      return;
    }
    OrderSlot buy = pool.acquire();
    OrderSlot sell = pool.acquire();
    fillLeg(buy, s, Leg.BUY, s.getBuyVenue(), Side.BUY, s.getBuyPrice(), nowNs);
    fillLeg(sell, s, Leg.SELL, s.getSellVenue(), Side.SELL, s.getSellPrice(), nowNs);
    buy.peer = sell;
    sell.peer = buy;
    signalIds.add(s.getSignalId(), nowUs);
    journalSlot(buy, OrderStatus.PENDING, null);
    journalSlot(sell, OrderStatus.PENDING, null);
    if (fsync == FsyncPolicy.ALWAYS) {
      journal.force();
    }
    counters.increment(Counter.SIGNALS_PLACED);
    buyGateway.send(buy, nowNs);
    sellGateway.send(sell, nowNs);
    counters.add(Counter.ORDERS_SENT, 2);
    counters.recordSignalToWire(System.nanoTime() - nowNs);
  }

  private void fillLeg(
      OrderSlot slot, Signal s, Leg leg, Venue venue, Side side, long price, long nowNs) {
    clientOrderIds.derive(s.getSignalId(), leg, slot.clientOrderId);
    slot.signalId = s.getSignalId();
    slot.instrument = s.getInstrument();
    slot.venueSymbol = venueSymbol(s.getInstrument(), venue);
    slot.venue = venue;
    slot.side = side;
    slot.leg = leg;
    slot.priceScale = s.getPriceScale();
    slot.sizeScale = s.getSizeScale();
    slot.price = price;
    slot.qty = s.getQty();
    slot.status = OrderStatus.PENDING;
    slot.revision = 0;
    slot.signalTimeUs = s.getEventTimeUs();
    slot.startedNs = nowNs;
  }

  private final java.util.Map<String, String[]> symbols = new java.util.HashMap<>();

  private String venueSymbol(String instrument, Venue venue) {
    String[] byVenue = symbols.get(instrument);
    if (byVenue == null) {
      byVenue = new String[Venue.values().length];
      for (Venue v : Venue.values()) {
        byVenue[v.ordinal()] = registry.venueSymbol(v, instrument).orElse(instrument);
      }
      symbols.put(instrument, byVenue);
    }
    return byVenue[venue.ordinal()];
  }

  /**
   * Forgets the ids whose outcome is older than the dedup horizon (stale bound + {@link
   * #DEDUP_MARGIN_US}). Ids recovered from the journal count as if recorded at this run's first
   * signal: a crash's uncommitted offsets are re-delivered right after the restart, however long
   * the executor was down, and must still be recognised.
   */
  private void forgetSignalIds(long nowUs) {
    if (firstSignalUs == 0) {
      firstSignalUs = nowUs;
    }
    long cutoffUs = nowUs - (limits.staleSignalWallUs() + DEDUP_MARGIN_US);
    if (cutoffUs > firstSignalUs) {
      signalIds.forgetBefore(cutoffUs);
    }
  }

  /** The single outcome of a refused signal, at {@code nowUs}: one order record of the buy leg. */
  private void refuse(
      Signal s, long nowUs, RejectReason reason, double value, double limit, Venue venue) {
    OrderSlot scratch = pool.acquire();
    if (scratch == null) {
      throw new IllegalStateException("order pool exhausted");
    }
    fillLeg(scratch, s, Leg.BUY, s.getBuyVenue(), Side.BUY, s.getBuyPrice(), 0);
    signalIds.add(s.getSignalId(), nowUs);
    order.rejectReason = reason;
    order.reasonValue = value;
    order.reasonLimit = limit;
    order.reasonVenue = venue;
    journalSlot(scratch, reason.status(), null);
    pool.release(scratch);
    counters.increment(
        reason.status() == OrderStatus.EXPIRED
            ? Counter.SIGNALS_EXPIRED
            : Counter.SIGNALS_REJECTED);
  }

  private void journalSlot(OrderSlot slot, OrderStatus status, String note) {
    OrderEvent e = order;
    describe(slot, status, note, nextOrderEventTimeNs(System.currentTimeMillis()), e);
    slot.status = status;
    journal.appendOrder(e);
    e.rejectReason = RejectReason.NONE;
    e.reasonVenue = Venue.UNKNOWN;
    e.reasonValue = 0;
    e.reasonLimit = 0;
  }

  /** Lets every venue deliver answers; returns the work done. */
  public int pollVenues(long nowNs) {
    this.nowNs = nowNs;
    int work = 0;
    for (VenueGateway g : gateways) {
      if (g != null) {
        work += g.poll(nowNs, this);
      }
    }
    return work;
  }

  @Override
  public void onOrderUpdate(
      OrderSlot slot,
      OrderStatus status,
      long filledQty,
      long avgFillPrice,
      String venueOrderId,
      String note) {
    if (status == slot.status && filledQty == slot.filledQty && note == null) {
      return;
    }
    rollIfNeeded();
    slot.revision++;
    slot.filledQty = filledQty;
    slot.avgFillPrice = avgFillPrice;
    if (venueOrderId != null) {
      slot.venueOrderId = venueOrderId;
    }
    journalSlot(slot, status, note);
    countStatus(status, filledQty);
    if (slot.isFinal()) {
      onFinal(slot);
    }
  }

  private void countStatus(OrderStatus status, long filledQty) {
    switch (status) {
      case FILLED -> counters.increment(Counter.ORDERS_FILLED);
      case EXPIRED ->
          counters.increment(filledQty > 0 ? Counter.ORDERS_PARTIAL : Counter.ORDERS_EXPIRED);
      case REJECTED -> counters.increment(Counter.ORDERS_REJECTED_BY_VENUE);
      case UNKNOWN -> counters.increment(Counter.ORDERS_UNKNOWN);
      default -> {}
    }
  }

  @Override
  public void onFill(
      OrderSlot slot,
      String fillId,
      long price,
      long qty,
      int feeScale,
      long fee,
      String feeAsset,
      Liquidity liquidity,
      long exchangeTimeUs) {
    rollIfNeeded();
    InstrumentBook book = books.get(slot.instrument);
    double feeQuote =
        feeAsset != null && feeAsset.equals(book.quoteCurrency())
            ? fee / (double) io.deepalpha.model.FixedPoint.pow10(feeScale)
            : 0;
    book.onFill(slot.venue, slot.buy(), price, qty, feeQuote);
    FillEvent f = fill;
    f.fillId = fillId;
    f.clientOrderId = slot.clientOrderIdView;
    f.signalId = slot.signalId;
    f.instrument = slot.instrument;
    f.venue = slot.venue;
    f.side = slot.side;
    f.priceScale = slot.priceScale;
    f.sizeScale = slot.sizeScale;
    f.price = price;
    f.qty = qty;
    f.feeScale = feeScale;
    f.fee = fee;
    f.feeAsset = feeAsset == null ? "" : feeAsset;
    f.liquidity = liquidity;
    f.mode = mode;
    f.exchangeTimeUs = exchangeTimeUs;
    f.receiveTimeNs = System.currentTimeMillis() * 1_000_000L;
    journal.appendFill(f);
    counters.increment(Counter.FILLS);
  }

  /** A leg is final: once both are, compare fills and apply LEG_FAILURE_POLICY. */
  private void onFinal(OrderSlot slot) {
    OrderSlot peer = slot.peer;
    if (peer == null) {
      pool.release(slot);
      return;
    }
    if (!peer.isFinal()) {
      return;
    }
    OrderSlot buy = slot.buy() ? slot : peer;
    OrderSlot sell = slot.buy() ? peer : slot;
    long imbalance = buy.filledQty - sell.filledQty;
    if (imbalance != 0) {
      handleImbalance(buy, sell, imbalance);
    }
    pool.release(buy);
    pool.release(sell);
  }

  private void handleImbalance(OrderSlot buy, OrderSlot sell, long imbalance) {
    // Bought more than sold: long on the buy venue, sell it back there; else buy back the short.
    OrderSlot filled = imbalance > 0 ? buy : sell;
    if (legFailurePolicy == LegFailurePolicy.HOLD) {
      counters.increment(Counter.LEGS_HELD);
      journalSlotNote(filled, "leg imbalance held: other leg filled less");
      return;
    }
    VenueGateway g = gateways[filled.venue.ordinal()];
    InstrumentBook book = books.get(filled.instrument);
    OrderSlot unwind = pool.acquire();
    if (unwind == null || g == null || !g.canSend(nowNs)) {
      if (unwind != null) {
        pool.release(unwind);
      }
      counters.increment(Counter.LEGS_HELD);
      journalSlotNote(filled, "leg imbalance held: unwind not possible now");
      return;
    }
    clientOrderIds.derive(filled.signalId, Leg.UNWIND, unwind.clientOrderId);
    unwind.signalId = filled.signalId;
    unwind.instrument = filled.instrument;
    unwind.venueSymbol = filled.venueSymbol;
    unwind.venue = filled.venue;
    unwind.side = imbalance > 0 ? Side.SELL : Side.BUY;
    unwind.leg = Leg.UNWIND;
    unwind.priceScale = filled.priceScale;
    unwind.sizeScale = filled.sizeScale;
    long touch = imbalance > 0 ? book.bid(filled.venue) : book.ask(filled.venue);
    if (touch <= 0) {
      touch = filled.avgFillPrice;
    }
    long slip = touch * unwindSlippageBps / 10_000;
    unwind.price = imbalance > 0 ? touch - slip : touch + slip;
    unwind.qty = Math.abs(imbalance);
    unwind.signalTimeUs = filled.signalTimeUs;
    unwind.startedNs = nowNs;
    journalSlot(unwind, OrderStatus.PENDING, "unwind of leg imbalance");
    counters.increment(Counter.LEGS_UNWOUND);
    g.send(unwind, unwind.startedNs);
    counters.increment(Counter.ORDERS_SENT);
  }

  private void journalSlotNote(OrderSlot slot, String note) {
    slot.revision++;
    journalSlot(slot, slot.status, note);
  }

  /**
   * A venue answer is a safe point too (nothing of it is applied yet). When the roll fails the
   * answer still goes into the segment's reserve; the next signal stops the executor (exit 4).
   */
  private void rollIfNeeded() {
    if (!rollFailed && journal.needsRoll()) {
      try {
        roll();
      } catch (JournalFullException e) {
        rollFailed = true;
      }
    }
  }

  /**
   * Starts a new journal segment. Called only between two events, where the state in memory is what
   * the journal's records add up to, so the snapshot replaces them exactly. A failed roll counts as
   * JOURNAL_FULL.
   */
  private void roll() {
    try {
      journal.roll(snapshot);
    } catch (JournalFullException e) {
      counters.increment(Counter.JOURNAL_FULL);
      throw e;
    }
    rollFailed = false;
    counters.increment(Counter.JOURNAL_ROLLS);
    if (!journal.lastRollPrepared()) {
      counters.increment(Counter.JOURNAL_ROLLS_UNPREPARED);
    }
  }

  /**
   * The snapshot at the start of a new segment: the signal ids inside the dedup horizon, every book
   * with fills, and every order slot in flight (its latest revision).
   */
  private void writeSnapshot(Journal j) {
    j.appendSnapshotIds(signalIds);
    for (InstrumentBook book : books.all()) {
      if (book.hasFillState()) {
        j.appendSnapshotBook(book);
      }
    }
    for (int i = 0; i < pool.capacity(); i++) {
      OrderSlot slot = pool.get(i);
      if (slot.inUse) {
        j.appendSnapshotOrder(snapshotEvent(slot));
      }
    }
  }

  private OrderEvent snapshotEvent(OrderSlot slot) {
    OrderEvent e = snapshotOrder;
    describe(slot, slot.status, null, System.currentTimeMillis() * 1_000_000L, e);
    return e;
  }

  /** Fills the reused event {@code e} with the order in {@code slot} (no allocation). */
  private void describe(
      OrderSlot slot, OrderStatus status, String note, long eventTimeNs, OrderEvent e) {
    e.clientOrderId = slot.clientOrderIdView;
    e.revision = slot.revision;
    e.signalId = slot.signalId;
    e.instrument = slot.instrument;
    e.venue = slot.venue;
    e.venueSymbol = slot.venueSymbol;
    e.side = slot.side;
    e.priceScale = slot.priceScale;
    e.sizeScale = slot.sizeScale;
    e.price = slot.price;
    e.qty = slot.qty;
    e.filledQty = slot.filledQty;
    e.avgFillPrice = slot.avgFillPrice;
    e.status = status;
    e.note = note;
    e.venueOrderId = slot.venueOrderId;
    e.mode = mode;
    e.signalTimeUs = slot.signalTimeUs;
    e.eventTimeNs = eventTimeNs;
    e.leg = slot.leg;
  }

  /** What a roll writes into the new segment (crash tests stop a roll part-way with it). */
  Journal.Snapshot journalSnapshot() {
    return snapshot;
  }

  /** For the recovery: orders rebuilt from the journal. */
  OrderPool pool() {
    return pool;
  }

  Books books() {
    return books;
  }

  SignalIds signalIds() {
    return signalIds;
  }

  Journal journal() {
    return journal;
  }

  TradingMode mode() {
    return mode;
  }

  public ExecutorCounters counters() {
    return counters;
  }

  /** The risk.state levels the kill switch obeys (metrics read {@link RiskStates#forEachLevel}). */
  public RiskStates riskStates() {
    return riskStates;
  }

  public int ordersInFlight() {
    return pool.inFlight();
  }

  public boolean venuesReachable() {
    for (VenueGateway g : gateways) {
      if (g != null && !g.reachable()) {
        return false;
      }
    }
    return true;
  }

  public void closeGateways() {
    for (VenueGateway g : gateways) {
      if (g != null) {
        g.close();
      }
    }
  }
}
