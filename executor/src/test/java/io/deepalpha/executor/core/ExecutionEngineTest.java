package io.deepalpha.executor.core;

import static io.deepalpha.executor.risk.Fixtures.ASK_BINANCE;
import static io.deepalpha.executor.risk.Fixtures.BID_OKX;
import static io.deepalpha.executor.risk.Fixtures.LIMITS;
import static io.deepalpha.executor.risk.Fixtures.NOW_US;
import static io.deepalpha.executor.risk.Fixtures.QTY_0_001;
import static io.deepalpha.executor.risk.Fixtures.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.executor.config.FsyncPolicy;
import io.deepalpha.executor.config.LegFailurePolicy;
import io.deepalpha.executor.journal.Journal;
import io.deepalpha.executor.metrics.ExecutorCounters;
import io.deepalpha.executor.metrics.ExecutorCounters.Counter;
import io.deepalpha.executor.risk.Books;
import io.deepalpha.executor.risk.Fixtures;
import io.deepalpha.executor.risk.LiveConfig;
import io.deepalpha.executor.venue.paper.PaperGateway;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionEngineTest {
  private static final long LATENCY_NS = 5_000_000L;
  private static final long T0 = 1_000_000_000L;

  @TempDir Path dir;

  private record Harness(ExecutionEngine engine, Journal journal, Books books) {}

  private Harness start(LegFailurePolicy policy) {
    Journal journal = Journal.open(dir, 1 << 20);
    Books books = Fixtures.books();
    LiveConfig config = new LiveConfig(10);
    ExecutionEngine engine =
        new ExecutionEngine(
            TradingMode.PAPER,
            InstrumentRegistry.loadDefault(),
            books,
            config,
            LIMITS,
            journal,
            FsyncPolicy.NONE,
            policy,
            50,
            64,
            new ExecutorCounters());
    engine.addGateway(new PaperGateway(Venue.BINANCE, books, config, LATENCY_NS, 64));
    engine.addGateway(new PaperGateway(Venue.OKX, books, config, LATENCY_NS, 64));
    return new Harness(engine, journal, books);
  }

  private static List<String> orders(Journal journal) {
    List<String> out = new ArrayList<>();
    Journal.Cursor c = journal.cursor();
    OrderEvent o = new OrderEvent();
    FillEvent f = new FillEvent();
    int type;
    while ((type = c.next(o, f)) != 0) {
      out.add(
          type == Journal.TYPE_ORDER
              ? "order "
                  + o.leg
                  + " r"
                  + o.revision
                  + " "
                  + o.status
                  + " filled="
                  + o.filledQty
                  + (o.reasonText() == null ? "" : " | " + o.reasonText())
              : "fill "
                  + f.side
                  + " "
                  + f.price
                  + "x"
                  + f.qty
                  + " fee="
                  + f.fee
                  + " "
                  + f.feeAsset);
    }
    return out;
  }

  @Test
  void aPlacedSignalJournalsBothLegsPendingThenFillsThemAgainstTheBookAfterTheLatency() {
    Harness h = start(LegFailurePolicy.UNWIND);
    h.engine.onQuote(Fixtures.quote(Venue.BINANCE, ASK_BINANCE - 1_0000, ASK_BINANCE), NOW_US);
    h.engine.onQuote(Fixtures.quote(Venue.OKX, BID_OKX, BID_OKX + 1_0000), NOW_US);
    h.engine.onSignal(signal("sig-1"), T0, NOW_US);
    assertThat(orders(h.journal))
        .containsExactly("order BUY r0 PENDING filled=0", "order SELL r0 PENDING filled=0");
    assertThat(h.engine.pollVenues(T0 + LATENCY_NS - 1)).isZero();
    assertThat(h.engine.pollVenues(T0 + LATENCY_NS)).isEqualTo(2);
    // fee: 0.001 x 65000 x 10 bps = 0.065 USDT = 6_500_000 at scale 8
    assertThat(orders(h.journal))
        .containsExactly(
            "order BUY r0 PENDING filled=0",
            "order SELL r0 PENDING filled=0",
            "fill BUY 650000000x100000 fee=6500000 USDT",
            "order BUY r1 FILLED filled=100000",
            "fill SELL 651000000x100000 fee=6510000 USDT",
            "order SELL r1 FILLED filled=100000");
    assertThat(h.books.get("BTC-USDT").position(Venue.BINANCE)).isEqualTo(QTY_0_001);
    assertThat(h.books.get("BTC-USDT").position(Venue.OKX)).isEqualTo(-QTY_0_001);
    assertThat(h.engine.ordersInFlight()).isZero();
    assertThat(h.engine.counters().get(Counter.SIGNALS_PLACED)).isEqualTo(1);
  }

  @Test
  void aRefusedSignalHasExactlyOneRecordWithTheReasonAndItsValues() {
    Harness h = start(LegFailurePolicy.UNWIND);
    h.engine.onSignal(signal("sig-2"), T0, NOW_US);
    assertThat(orders(h.journal))
        .containsExactly(
            "order BUY r0 REJECTED filled=0 | price collar: no fresh quote of the venue (BINANCE)");
    h.engine.onSignal(signal("sig-2"), T0, NOW_US);
    assertThat(orders(h.journal)).hasSize(1);
    assertThat(h.engine.counters().get(Counter.SIGNALS_DUPLICATE)).isEqualTo(1);
  }

  @Test
  void orderEventsOfTheSameMillisecondGetDistinctMicrosecondsAndFollowTheClockAgain() {
    Harness h = start(LegFailurePolicy.UNWIND);
    long ms = 1_795_000_000_000L;
    assertThat(h.engine.nextOrderEventTimeNs(ms)).isEqualTo(ms * 1_000_000L);
    assertThat(h.engine.nextOrderEventTimeNs(ms)).isEqualTo(ms * 1_000_000L + 1_000L);
    assertThat(h.engine.nextOrderEventTimeNs(ms)).isEqualTo(ms * 1_000_000L + 2_000L);
    assertThat(h.engine.nextOrderEventTimeNs(ms + 1)).isEqualTo((ms + 1) * 1_000_000L);
  }

  @Test
  void aStaleSignalExpires() {
    Harness h = start(LegFailurePolicy.UNWIND);
    Signal old = signal("sig-3");
    old.setEventTimeUs(NOW_US - 3_000_000);
    h.engine.onSignal(old, T0, NOW_US);
    assertThat(orders(h.journal))
        .containsExactly(
            "order BUY r0 EXPIRED filled=0 | stale signal: age by the wall clock ms 3000 > limit"
                + " 2000");
  }

  @Test
  void whenOnlyTheBuyLegFillsTheUnwindPolicySellsItBackOnTheSameVenue() {
    Harness h = start(LegFailurePolicy.UNWIND);
    h.engine.onQuote(Fixtures.quote(Venue.BINANCE, ASK_BINANCE - 1_0000, ASK_BINANCE), NOW_US);
    h.engine.onQuote(Fixtures.quote(Venue.OKX, BID_OKX, BID_OKX + 1_0000), NOW_US);
    h.engine.onSignal(signal("sig-4"), T0, NOW_US);
    // OKX's bid falls below the sell limit before the order arrives: the sell leg expires.
    h.engine.onQuote(Fixtures.quote(Venue.OKX, BID_OKX - 5_0000, BID_OKX), NOW_US);
    h.engine.pollVenues(T0 + LATENCY_NS);
    h.engine.pollVenues(T0 + 2 * LATENCY_NS + 1);
    List<String> records = orders(h.journal);
    assertThat(records)
        .contains(
            "order SELL r1 EXPIRED filled=0 | IOC: no liquidity at limit",
            "order UNWIND r0 PENDING filled=0 | unwind of leg imbalance",
            "order UNWIND r1 FILLED filled=100000");
    assertThat(h.books.get("BTC-USDT").position(Venue.BINANCE)).isZero();
    assertThat(h.engine.counters().get(Counter.LEGS_UNWOUND)).isEqualTo(1);
  }

  @Test
  void theHoldPolicyKeepsThePositionAndFlagsTheFilledLeg() {
    Harness h = start(LegFailurePolicy.HOLD);
    h.engine.onQuote(Fixtures.quote(Venue.BINANCE, ASK_BINANCE - 1_0000, ASK_BINANCE), NOW_US);
    h.engine.onQuote(Fixtures.quote(Venue.OKX, BID_OKX, BID_OKX + 1_0000), NOW_US);
    h.engine.onSignal(signal("sig-5"), T0, NOW_US);
    h.engine.onQuote(Fixtures.quote(Venue.OKX, BID_OKX - 5_0000, BID_OKX), NOW_US);
    h.engine.pollVenues(T0 + LATENCY_NS);
    assertThat(orders(h.journal))
        .contains("order BUY r2 FILLED filled=100000 | leg imbalance held: other leg filled less");
    assertThat(h.books.get("BTC-USDT").position(Venue.BINANCE)).isEqualTo(QTY_0_001);
    assertThat(h.engine.counters().get(Counter.LEGS_HELD)).isEqualTo(1);
  }

  @Test
  void recoveryRebuildsSignalIdsAndPositionsAndResolvesOpenOrdersWithoutResending() {
    Harness first = start(LegFailurePolicy.UNWIND);
    first.engine.onQuote(Fixtures.quote(Venue.BINANCE, ASK_BINANCE - 1_0000, ASK_BINANCE), NOW_US);
    first.engine.onQuote(Fixtures.quote(Venue.OKX, BID_OKX, BID_OKX + 1_0000), NOW_US);
    first.engine.onSignal(signal("done"), T0, NOW_US);
    first.engine.pollVenues(T0 + LATENCY_NS);
    first.engine.onSignal(reversed("open"), T0, NOW_US); // "crash" before its answers
    first.journal.close();

    Harness second = start(LegFailurePolicy.UNWIND);
    Recovery.Result result = Recovery.run(second.engine, T0);
    assertThat(result.openOrders()).isEqualTo(2);
    assertThat(result.fills()).isEqualTo(2);
    assertThat(second.books.get("BTC-USDT").position(Venue.BINANCE)).isEqualTo(QTY_0_001);
    second.engine.pollVenues(T0);
    second.engine.onSignal(reversed("open"), T0, NOW_US);
    second.engine.onSignal(signal("done"), T0, NOW_US);
    List<String> records = orders(second.journal);
    assertThat(records.subList(8, records.size()))
        .containsExactlyInAnyOrder(
            "order BUY r1 UNKNOWN filled=0 | recovered after restart: querying the venue",
            "order SELL r1 UNKNOWN filled=0 | recovered after restart: querying the venue",
            "order BUY r2 EXPIRED filled=0 | paper order lost in an executor restart",
            "order SELL r2 EXPIRED filled=0 | paper order lost in an executor restart");
    assertThat(second.engine.counters().get(Counter.SIGNALS_DUPLICATE)).isEqualTo(2);
    assertThat(second.engine.counters().get(Counter.ORDERS_SENT)).isZero();
    assertThat(Side.BUY).isNotNull();
  }

  private static Signal reversed(String id) {
    Signal s = signal(id);
    s.setBuyVenue(Venue.OKX);
    s.setSellVenue(Venue.BINANCE);
    return s;
  }

  @Test
  void clientOrderIdsAreDeterministicPerSignalAndLegAndFitBothVenues() {
    ClientOrderIds ids = new ClientOrderIds();
    String buy = ids.derive("BTC-USDT|BINANCE|OKX|1718000000123456", Leg.BUY);
    assertThat(buy).hasSize(27).matches("da[a-z2-7]{24}b");
    assertThat(ids.derive("BTC-USDT|BINANCE|OKX|1718000000123456", Leg.BUY)).isEqualTo(buy);
    assertThat(ids.derive("BTC-USDT|BINANCE|OKX|1718000000123456", Leg.SELL))
        .isEqualTo(buy.substring(0, 26) + "s");
    assertThat(ids.derive("BTC-USDT|BINANCE|OKX|1718000000123457", Leg.BUY)).isNotEqualTo(buy);
    assertThat(OrderStatus.PENDING).isNotNull();
  }
}
