package io.deepalpha.executor.core;

import static io.deepalpha.executor.risk.Fixtures.ASK_BINANCE;
import static io.deepalpha.executor.risk.Fixtures.BID_OKX;
import static io.deepalpha.executor.risk.Fixtures.QTY_0_001;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.executor.config.FsyncPolicy;
import io.deepalpha.executor.config.LegFailurePolicy;
import io.deepalpha.executor.journal.Journal;
import io.deepalpha.executor.journal.Journal.RollStep;
import io.deepalpha.executor.metrics.ExecutorCounters;
import io.deepalpha.executor.metrics.ExecutorCounters.Counter;
import io.deepalpha.executor.risk.Books;
import io.deepalpha.executor.risk.Fixtures;
import io.deepalpha.executor.risk.InstrumentBook;
import io.deepalpha.executor.risk.Limits;
import io.deepalpha.executor.risk.LiveConfig;
import io.deepalpha.executor.venue.paper.PaperGateway;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine over a segmented journal: 128 KB segments roll every ~96 KB (about 70 placed and
 * filled signals). What the roll's snapshot carries — signal ids inside the dedup horizon,
 * positions and PnL, orders in flight — is what a recovery from the newest segment alone finds,
 * from every on-disk state a kill -9 during the roll can leave.
 */
class JournalRotationTest {
  private static final long SEGMENT_BYTES = 128 * 1024;
  private static final long LATENCY_NS = 1_000_000L;
  private static final long T0 = 1_000_000_000L;
  private static final long MS = 1_000L;

  /** Wide limits: hundreds of placed signals within a few simulated seconds. */
  private static final Limits WIDE =
      new Limits(1.0, 1e9, 1e9, 50, 500_000L, 2_000_000L, 5_000_000L, 1_000_000, 1_000_000);

  private static final long HORIZON_US = WIDE.staleSignalWallUs() + ExecutionEngine.DEDUP_MARGIN_US;

  @TempDir Path dir;

  private final List<Journal> opened = new ArrayList<>();

  private record Harness(ExecutionEngine engine, Journal journal, Books books) {
    InstrumentBook btc() {
      return books.get("BTC-USDT");
    }

    long counter(Counter c) {
      return engine.counters().get(c);
    }
  }

  private Harness start(Path journalDir) {
    Journal journal = Journal.open(journalDir, SEGMENT_BYTES);
    opened.add(journal);
    Books books = Fixtures.books();
    LiveConfig config = new LiveConfig(10);
    ExecutionEngine engine =
        new ExecutionEngine(
            TradingMode.PAPER,
            InstrumentRegistry.loadDefault(),
            books,
            config,
            WIDE,
            journal,
            FsyncPolicy.NONE,
            LegFailurePolicy.HOLD,
            50,
            256,
            new ExecutorCounters());
    engine.addGateway(new PaperGateway(Venue.BINANCE, books, config, LATENCY_NS, 256));
    engine.addGateway(new PaperGateway(Venue.OKX, books, config, LATENCY_NS, 256));
    return new Harness(engine, journal, books);
  }

  @AfterEach
  void unmap() {
    // A "crashed" harness is never closed by the test itself: its pages stay, as after a kill -9.
    opened.forEach(Journal::close);
  }

  private static Signal signalAt(String id, long eventUs) {
    Signal s = Fixtures.signal(id);
    s.setEventTimeUs(eventUs);
    return s;
  }

  private static void quote(Harness h, long nowUs) {
    h.engine.onQuote(Fixtures.quote(Venue.BINANCE, ASK_BINANCE - 1_0000, ASK_BINANCE), nowUs);
    h.engine.onQuote(Fixtures.quote(Venue.OKX, BID_OKX, BID_OKX + 1_0000), nowUs);
  }

  /** Placed and, one paper latency later, filled: six records. */
  private static void placeAndFill(Harness h, String id, long nowUs) {
    quote(h, nowUs);
    h.engine.onSignal(signalAt(id, nowUs), T0, nowUs);
    h.engine.pollVenues(T0 + LATENCY_NS);
  }

  /** Ten seconds old by the wall clock: one EXPIRED record. */
  private static void expire(Harness h, String id, long nowUs) {
    h.engine.onSignal(signalAt(id, nowUs - 10_000 * MS), T0, nowUs);
  }

  /** What the publisher reads: orders and fills of every retained segment, snapshots left out. */
  private static List<String> published(Journal journal) {
    List<String> out = new ArrayList<>();
    Journal.Cursor c = journal.cursor();
    OrderEvent o = new OrderEvent();
    FillEvent f = new FillEvent();
    int type;
    while ((type = c.next(o, f)) != 0) {
      out.add(
          type == Journal.TYPE_ORDER
              ? "order " + o.clientOrderId + " r" + o.revision + " " + o.status
              : "fill " + f.clientOrderId + " " + f.qty);
    }
    return out;
  }

  private static List<String> segmentFiles(Path journalDir) throws IOException {
    try (Stream<Path> files = Files.list(journalDir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".journal"))
          .sorted()
          .toList();
    }
  }

  @Test
  void openOrdersPositionsAndSignalIdsSurviveThreeRollsAndARecoveryFromTheNewestSegmentAlone()
      throws IOException {
    Harness first = start(dir);
    long now = Fixtures.NOW_US;
    int filled = 0;
    while (first.journal.rolls() == 0) {
      placeAndFill(first, "filled-" + filled++, now += MS);
    }
    quote(first, now += MS);
    first.engine.onSignal(signalAt("in-flight", now), T0, now); // its answers never come
    int expired = 0;
    while (first.journal.rolls() < 3) {
      expire(first, "stale-" + expired++, now += MS);
    }
    assertThat(first.journal.activeSegment()).isEqualTo(4);
    assertThat(first.counter(Counter.JOURNAL_ROLLS)).isEqualTo(3);
    assertThat(first.engine.ordersInFlight()).isEqualTo(2);

    // Dedup across the rolls: filled-0's records are three segments back.
    int before = first.journal.position();
    first.engine.onSignal(signalAt("filled-0", now += MS), T0, now);
    assertThat(first.counter(Counter.SIGNALS_DUPLICATE)).isEqualTo(1);
    assertThat(first.journal.position()).isEqualTo(before);

    // The publisher deletes the published segments: only the newest is left on disk.
    first.journal.releaseBefore(first.journal.activeSegment());
    assertThat(segmentFiles(dir)).containsExactly("executor-0000000004.journal");
    assertThat(first.journal.segmentCount()).isEqualTo(1);

    Harness second = start(dir); // the first is abandoned: a kill -9
    Recovery.Result result = Recovery.run(second.engine, T0);
    assertThat(result.openOrders()).isEqualTo(2);
    assertThat(result.signals()).isEqualTo(filled + 1 + expired);
    InstrumentBook was = first.btc();
    InstrumentBook is = second.btc();
    assertThat(is.position(Venue.BINANCE)).isEqualTo(filled * QTY_0_001);
    assertThat(is.position(Venue.OKX)).isEqualTo(-filled * QTY_0_001);
    assertThat(is.realizedPnl()).isEqualTo(was.realizedPnl()).isNotZero();
    assertThat(is.feesPaid()).isEqualTo(was.feesPaid()).isPositive();
    assertThat(is.costBasis(Venue.BINANCE)).isEqualTo(was.costBasis(Venue.BINANCE));

    for (String id : List.of("filled-0", "filled-" + (filled - 1), "in-flight", "stale-0")) {
      second.engine.onSignal(signalAt(id, now += MS), T0, now);
    }
    assertThat(second.counter(Counter.SIGNALS_DUPLICATE)).isEqualTo(4);
    assertThat(second.counter(Counter.ORDERS_SENT)).isZero();
    // The carried open legs are resolved by a query (paper: lost in the restart), not resent.
    second.engine.pollVenues(T0 + LATENCY_NS);
    assertThat(second.engine.ordersInFlight()).isZero();
    List<String> records = published(second.journal);
    // Published from segment 4 on: the refusal that made the third roll, the recovery's UNKNOWN
    // revisions of the carried legs, then the venue's answer.
    assertThat(records).hasSize(5);
    assertThat(records.get(0)).endsWith(" r0 EXPIRED");
    assertThat(records.subList(1, 3)).allMatch(r -> r.endsWith(" r1 UNKNOWN"));
    assertThat(records.subList(3, 5)).allMatch(r -> r.endsWith(" r2 " + OrderStatus.EXPIRED));
  }

  @Test
  void aSignalIdIsForgottenOnlyPastTheStaleBoundPlusTheMarginAndIsThenRefusedAsStale() {
    Harness h = start(dir);
    long t0 = System.currentTimeMillis() * 1000;
    placeAndFill(h, "early", t0);
    assertThat(h.counter(Counter.SIGNALS_PLACED)).isEqualTo(1);

    // Just inside the horizon: still a duplicate, nothing recorded.
    long inside = t0 + HORIZON_US - MS;
    placeAndFill(h, "inside", inside);
    h.engine.onSignal(signalAt("early", t0), T0, inside);
    assertThat(h.counter(Counter.SIGNALS_DUPLICATE)).isEqualTo(1);
    assertThat(h.engine.signalIds().contains("early")).isTrue();

    // Just past it: forgotten — and a re-delivery is then older than the stale bound anyway.
    long past = t0 + HORIZON_US + MS;
    placeAndFill(h, "past", past);
    assertThat(h.engine.signalIds().contains("early")).isFalse();
    assertThat(h.engine.signalIds().contains("inside")).isTrue();
    long sent = h.counter(Counter.ORDERS_SENT);
    h.engine.onSignal(signalAt("early", t0), T0, past);
    assertThat(h.counter(Counter.ORDERS_SENT)).isEqualTo(sent);
    assertThat(h.counter(Counter.SIGNALS_EXPIRED)).isEqualTo(1);
    OrderEvent last = lastOrder(h.journal);
    assertThat(last.signalId).isEqualTo("early");
    assertThat(last.status).isEqualTo(OrderStatus.EXPIRED);
    assertThat(last.reasonText()).startsWith("stale signal");
    assertThat(last.reasonValue * 1000).isGreaterThan(WIDE.staleSignalEventUs());

    // A roll carries what the engine remembers, not more: "early" is not in the snapshot.
    while (h.journal.rolls() == 0) {
      h.engine.onSignal(signalAt("filler-" + h.journal.position(), past - 10_000 * MS), T0, past);
    }
    Harness again = start(dir);
    Recovery.run(again.engine, T0);
    assertThat(again.engine.signalIds().contains("inside")).isTrue();
    assertThat(again.engine.signalIds().contains("past")).isTrue();
  }

  @Test
  void idsRecoveredAfterALongDowntimeAreRememberedForAHorizonFromTheFirstSignalOfTheRun() {
    Harness first = start(dir);
    long t0 = System.currentTimeMillis() * 1000;
    placeAndFill(first, "before-crash", t0);
    Harness second = start(dir);
    Recovery.run(second.engine, T0);
    second.engine.pollVenues(T0);

    // Back after twice the horizon: the uncommitted batch is re-delivered first.
    long restart = t0 + 2 * HORIZON_US;
    second.engine.onSignal(signalAt("before-crash", t0), T0, restart);
    assertThat(second.counter(Counter.SIGNALS_DUPLICATE)).isEqualTo(1);
    long later = restart + HORIZON_US - MS;
    second.engine.onSignal(signalAt("before-crash", t0), T0, later);
    assertThat(second.counter(Counter.SIGNALS_DUPLICATE)).isEqualTo(2);

    long past = restart + HORIZON_US + MS;
    second.engine.onSignal(signalAt("fresh", past), T0, past);
    assertThat(second.engine.signalIds().contains("before-crash")).isFalse();
    second.engine.onSignal(signalAt("before-crash", t0), T0, past);
    assertThat(second.counter(Counter.SIGNALS_DUPLICATE)).isEqualTo(2);
    assertThat(lastOrder(second.journal).status).isEqualTo(OrderStatus.EXPIRED);
    assertThat(second.counter(Counter.ORDERS_SENT)).isZero();
  }

  @Test
  void aSegmentPreparedAheadThatAKillLeftUnusedIsDeletedAndTheNextRollsUseFreshOnes()
      throws IOException {
    Harness first = start(dir);
    long now = Fixtures.NOW_US;
    for (int i = 0; i < 20; i++) {
      placeAndFill(first, "filled-" + i, now += MS);
    }
    quote(first, now += MS);
    first.engine.onSignal(signalAt("in-flight", now), T0, now);
    assertThat(first.journal.prepareNextSegment()).isTrue();
    List<String> publishedBefore = published(first.journal);
    assertThat(segmentFiles(dir))
        .containsExactly("executor-0000000001.journal", "executor-0000000002.journal");

    Harness second = start(dir); // the first is abandoned with segment 2 prepared: a kill -9
    Recovery.Result result = Recovery.run(second.engine, T0);
    assertThat(segmentFiles(dir)).containsExactly("executor-0000000001.journal");
    assertThat(second.journal.activeSegment()).isEqualTo(1);
    assertThat(result.openOrders()).isEqualTo(2);
    assertThat(result.signals()).isEqualTo(21);
    assertThat(second.btc().position(Venue.BINANCE)).isEqualTo(20 * QTY_0_001);
    assertThat(second.btc().realizedPnl()).isEqualTo(first.btc().realizedPnl());
    List<String> publishedAfter = published(second.journal);
    assertThat(publishedAfter.subList(0, publishedAfter.size() - 2))
        .containsExactlyElementsOf(publishedBefore);

    // Rolls on: one into a segment prepared ahead, one the engine had to create itself.
    int i = 0;
    assertThat(second.journal.prepareNextSegment()).isTrue();
    while (second.journal.activeSegment() == 1) {
      placeAndFill(second, "after-" + i++, now += MS);
    }
    assertThat(second.journal.lastRollPrepared()).isTrue();
    while (second.journal.activeSegment() == 2) {
      placeAndFill(second, "after-" + i++, now += MS);
    }
    assertThat(second.counter(Counter.JOURNAL_ROLLS)).isEqualTo(2);
    assertThat(second.counter(Counter.JOURNAL_ROLLS_UNPREPARED)).isEqualTo(1);
    second.engine.onSignal(signalAt("filled-3", now += MS), T0, now);
    assertThat(second.counter(Counter.SIGNALS_DUPLICATE)).isEqualTo(1);

    Harness third = start(dir);
    Recovery.run(third.engine, T0);
    assertThat(third.btc().position(Venue.BINANCE)).isEqualTo((20 + i) * QTY_0_001);
    assertThat(third.btc().realizedPnl()).isEqualTo(second.btc().realizedPnl());
  }

  private static OrderEvent lastOrder(Journal journal) {
    Journal.Cursor c = journal.cursor();
    OrderEvent o = new OrderEvent();
    OrderEvent last = null;
    FillEvent f = new FillEvent();
    int type;
    while ((type = c.next(o, f)) != 0) {
      if (type == Journal.TYPE_ORDER) {
        last = new OrderEvent();
        last.signalId = o.signalId;
        last.status = o.status;
        last.rejectReason = o.rejectReason;
        last.reasonValue = o.reasonValue;
        last.reasonLimit = o.reasonLimit;
        last.reasonVenue = o.reasonVenue;
      }
    }
    return last;
  }

  /** Where a kill -9 stops a roll: its steps, the whole roll, and the roll plus the deletion. */
  enum CrashPoint {
    BEFORE_FILE(null),
    FILE_ALLOCATED(RollStep.FILE_ALLOCATED),
    HEADER_WRITTEN(RollStep.HEADER_WRITTEN),
    SNAPSHOT_WRITTEN(RollStep.SNAPSHOT_WRITTEN),
    SEALED(RollStep.SEALED),
    OLD_MARKED(RollStep.OLD_MARKED),
    SWITCHED(null),
    OLD_DELETED(null);

    final RollStep step;

    CrashPoint(RollStep step) {
      this.step = step;
    }

    boolean newSegmentCounts() {
      return ordinal() >= SEALED.ordinal();
    }
  }

  @ParameterizedTest
  @EnumSource(CrashPoint.class)
  void recoveryWorksFromEveryOnDiskStateARollCanLeave(CrashPoint crash) throws IOException {
    Harness first = start(dir);
    long now = Fixtures.NOW_US;
    for (int i = 0; i < 20; i++) {
      placeAndFill(first, "filled-" + i, now += MS);
    }
    quote(first, now += MS);
    first.engine.onSignal(signalAt("in-flight", now), T0, now);
    expire(first, "stale", now += MS);
    List<String> publishedBefore = published(first.journal);

    switch (crash) {
      case BEFORE_FILE -> {}
      case SWITCHED -> first.journal.roll(first.engine.journalSnapshot());
      case OLD_DELETED -> {
        first.journal.roll(first.engine.journalSnapshot());
        first.journal.releaseBefore(2);
      }
      default -> first.journal.rollStoppingAfter(first.engine.journalSnapshot(), crash.step);
    }

    Harness second = start(dir);
    Recovery.Result result = Recovery.run(second.engine, T0);
    assertThat(second.journal.activeSegment()).isEqualTo(crash.newSegmentCounts() ? 2 : 1);
    assertThat(segmentFiles(dir))
        .as("an incomplete new segment is deleted, a published old one stays deleted")
        .containsExactlyElementsOf(
            switch (crash) {
              case BEFORE_FILE, FILE_ALLOCATED, HEADER_WRITTEN, SNAPSHOT_WRITTEN ->
                  List.of("executor-0000000001.journal");
              case OLD_DELETED -> List.of("executor-0000000002.journal");
              default -> List.of("executor-0000000001.journal", "executor-0000000002.journal");
            });
    assertThat(result.openOrders()).isEqualTo(2);
    assertThat(result.signals()).isEqualTo(22);
    assertThat(second.btc().position(Venue.BINANCE)).isEqualTo(20 * QTY_0_001);
    assertThat(second.btc().realizedPnl()).isEqualTo(first.btc().realizedPnl());
    assertThat(second.btc().feesPaid()).isEqualTo(first.btc().feesPaid());

    // The publisher reads every record once: what was there, then the recovery's two revisions.
    List<String> publishedAfter = published(second.journal);
    List<String> recoveryRecords =
        List.of(
            publishedAfter.get(publishedAfter.size() - 2),
            publishedAfter.get(publishedAfter.size() - 1));
    assertThat(recoveryRecords).allMatch(r -> r.endsWith(" r1 UNKNOWN"));
    if (crash == CrashPoint.OLD_DELETED) {
      assertThat(publishedAfter).hasSize(2);
    } else {
      assertThat(publishedAfter.subList(0, publishedAfter.size() - 2))
          .containsExactlyElementsOf(publishedBefore);
    }

    // Nothing is traded twice, and the journal goes on rolling from here.
    second.engine.onSignal(signalAt("filled-3", now += MS), T0, now);
    second.engine.onSignal(signalAt("in-flight", now += MS), T0, now);
    assertThat(second.counter(Counter.SIGNALS_DUPLICATE)).isEqualTo(2);
    assertThat(second.counter(Counter.ORDERS_SENT)).isZero();
    long rollsBefore = second.journal.activeSegment();
    int i = 0;
    while (second.journal.activeSegment() == rollsBefore) {
      placeAndFill(second, "after-" + i++, now += MS);
    }
    Harness third = start(dir);
    Recovery.run(third.engine, T0);
    assertThat(third.btc().position(Venue.BINANCE)).isEqualTo((20 + i) * QTY_0_001);
    assertThat(third.btc().realizedPnl()).isEqualTo(second.btc().realizedPnl());
  }
}
