package io.deepalpha.executor.risk;

import static io.deepalpha.executor.risk.Fixtures.ASK_BINANCE;
import static io.deepalpha.executor.risk.Fixtures.BID_OKX;
import static io.deepalpha.executor.risk.Fixtures.LIMITS;
import static io.deepalpha.executor.risk.Fixtures.NOW_US;
import static io.deepalpha.executor.risk.Fixtures.QTY_0_001;
import static io.deepalpha.executor.risk.Fixtures.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepalpha.model.event.ChangeOp;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.RiskLevel;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreTradeRulesTest {
  private final Books books = Fixtures.books();
  private final Verdict verdict = new Verdict();
  private final InstrumentBook btc = books.get("BTC-USDT");

  @Test
  void killSwitchRefusesOnGlobalInstrumentAndVenueHaltButNotOnWarn() {
    RiskStates states = new RiskStates();
    KillSwitchRule rule = new KillSwitchRule(states, "xarb");
    states.onRiskState(Fixtures.risk(RiskScope.GLOBAL, "*", RiskLevel.WARN));
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isTrue();

    states.onRiskState(Fixtures.risk(RiskScope.INSTRUMENT, "BTC-USDT", RiskLevel.HALT));
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.KILL_SWITCH);

    states.onRiskState(Fixtures.risk(RiskScope.INSTRUMENT, "BTC-USDT", RiskLevel.OK));
    states.onRiskState(Fixtures.risk(RiskScope.VENUE, "OKX", RiskLevel.HALT));
    verdict.reset();
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isFalse();
    assertThat(verdict.venue()).isEqualTo(Venue.OKX);

    states.onRiskState(Fixtures.risk(RiskScope.VENUE, "OKX", RiskLevel.OK));
    states.onRiskState(Fixtures.risk(RiskScope.GLOBAL, "*", RiskLevel.HALT));
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isFalse();
    states.onRiskState(Fixtures.risk(RiskScope.GLOBAL, "*", RiskLevel.OK));
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isTrue();
  }

  @Test
  void duplicateSignalIdIsRefusedOnceItHasAnOutcome() {
    SignalIds ids = new SignalIds();
    DuplicateSignalRule rule = new DuplicateSignalRule(ids);
    assertThat(rule.check(signal("sig-1"), NOW_US, verdict)).isTrue();
    assertThat(ids.add("sig-1", NOW_US)).isTrue();
    assertThat(ids.add("sig-1", NOW_US)).isFalse();
    assertThat(rule.check(signal("sig-1"), NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.DUPLICATE_SIGNAL);
    assertThat(rule.check(signal("sig-2"), NOW_US, verdict)).isTrue();
  }

  @Test
  void staleSignalExpiresBeyond500msInEventTimeAnd2sByTheWallClock() {
    EventClock clock = new EventClock();
    StaleSignalRule rule = new StaleSignalRule(clock, () -> LIMITS);
    clock.observe(NOW_US + 500_000);
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isTrue();
    clock.observe(NOW_US + 500_001);
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.STALE_EVENT_TIME);
    assertThat(verdict.value()).isEqualTo(500.001);
    assertThat(verdict.limit()).isEqualTo(500.0);
    assertThat(verdict.reason().status().name()).isEqualTo("EXPIRED");

    EventClock fresh = new EventClock();
    fresh.observe(NOW_US);
    StaleSignalRule wall = new StaleSignalRule(fresh, () -> LIMITS);
    assertThat(wall.check(signal("s"), NOW_US + 2_000_000, verdict)).isTrue();
    verdict.reset();
    assertThat(wall.check(signal("s"), NOW_US + 2_000_001, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.STALE_WALL_TIME);
    assertThat(verdict.value()).isEqualTo(2000.001);
  }

  @Test
  void priceCollarRefusesALegMoreThan50BpsFromTheLatestQuote() {
    PriceCollarRule rule = new PriceCollarRule(books, () -> LIMITS);
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.NO_REFERENCE_QUOTE);
    assertThat(verdict.venue()).isEqualTo(Venue.BINANCE);

    Fixtures.quoteBoth(books, NOW_US);
    verdict.reset();
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isTrue();

    // Binance ask 65000; 65325 is exactly 50 bps above: allowed; 65325.0001 is not.
    Signal edge = signal("s");
    edge.setBuyPrice(65_325_0000L);
    assertThat(rule.check(edge, NOW_US, verdict)).isTrue();
    edge.setBuyPrice(65_325_0001L);
    assertThat(rule.check(edge, NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.PRICE_COLLAR);
    assertThat(verdict.value()).isCloseTo(50 + 1e4 / 65_000_0000.0, within(1e-9));

    Signal lowSell = signal("s");
    lowSell.setSellPrice(BID_OKX * 99 / 100); // 100 bps under OKX's bid
    assertThat(rule.check(lowSell, NOW_US, verdict)).isFalse();
    assertThat(verdict.venue()).isEqualTo(Venue.OKX);
    assertThat(verdict.value()).isCloseTo(100.0, within(1e-9));

    // Quotes older than QUOTE_MAX_AGE (5 s) are no reference.
    assertThat(rule.check(signal("s"), NOW_US + 5_000_001, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.NO_REFERENCE_QUOTE);
  }

  @Test
  void maxNotionalRefusesALegWorthMoreThan1000Usdt() {
    MaxNotionalRule rule = new MaxNotionalRule(books, () -> LIMITS);
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isTrue(); // 0.001 x 65100 = 65.1
    Signal big = signal("s");
    big.setQty(1_600_000L); // 0.016 x 65100 = 1041.6
    assertThat(rule.check(big, NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.MAX_NOTIONAL);
    assertThat(verdict.value()).isCloseTo(1041.6, within(1e-9));
    assertThat(verdict.limit()).isEqualTo(1000.0);
  }

  @Test
  void maxPositionBoundsEachVenuesPositionAfterTheLeg() {
    MaxPositionRule rule = new MaxPositionRule(books, () -> LIMITS);
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isTrue(); // 0.001 <= 0.001
    btc.onFill(Venue.BINANCE, true, ASK_BINANCE, 50_000L, 0); // +0.0005 on Binance
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.MAX_POSITION);
    assertThat(verdict.value()).isCloseTo(0.0015, within(1e-12));
    assertThat(verdict.venue()).isEqualTo(Venue.BINANCE);

    Signal reverse = signal("s");
    reverse.setBuyVenue(Venue.OKX);
    reverse.setSellVenue(Venue.BINANCE);
    reverse.setQty(150_000L); // Binance 0.0005 - 0.0015 = -0.001 ok; OKX +0.0015 too much
    assertThat(rule.check(reverse, NOW_US, verdict)).isFalse();
    assertThat(verdict.venue()).isEqualTo(Venue.OKX);
    assertThat(verdict.value()).isCloseTo(0.0015, within(1e-12));
  }

  @Test
  void lossLimitRefusesOnceRealizedLossReachesTwoPercentOfEquity() {
    LossLimitRule rule = new LossLimitRule(books, () -> LIMITS); // 0.02 x 10000 = 200
    Fixtures.quoteBoth(books, NOW_US);
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isTrue();
    // Buy 0.01 at 65000 and sell it at 45000 on the same venue: -200 USDT realized.
    btc.onFill(Venue.BINANCE, true, ASK_BINANCE, 1_000_000L, 0);
    btc.onFill(Venue.BINANCE, false, 45_000_0000L, 1_000_000L, 0);
    assertThat(btc.realizedPnl()).isCloseTo(-200.0, within(1e-6));
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.LOSS_LIMIT);
    assertThat(verdict.value()).isCloseTo(200.0, within(1e-6));
    assertThat(verdict.limit()).isEqualTo(200.0);
  }

  @Test
  void exposureLimitCountsOpenNetPositionPlusThisSignalsNotional() {
    LossLimitRule rule = new LossLimitRule(books, () -> LIMITS);
    Fixtures.quoteBoth(books, NOW_US); // mid of the last quote (OKX) = 65100.5
    btc.onFill(Venue.OKX, true, BID_OKX, 200_000L, 0); // net +0.002 = 130.2 USDT
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isTrue(); // 130.2 + 65 = 195.2
    btc.onFill(Venue.OKX, true, BID_OKX, 10_000L, 0); // net +0.0021
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.EXPOSURE_LIMIT);
    assertThat(verdict.value()).isCloseTo(0.0021 * 65_100.5 + 65.0, within(1e-6));
  }

  @Test
  void orderRateAllowsTheBurstThenRefillsAtTheConfiguredRate() {
    OrderRateRule rule = new OrderRateRule(() -> LIMITS); // 5/s, burst 10
    for (int i = 0; i < 10; i++) {
      assertThat(rule.check(signal("s"), NOW_US, verdict)).as("order %d", i).isTrue();
      rule.take(Venue.BINANCE);
      rule.take(Venue.OKX);
    }
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.ORDER_RATE);
    assertThat(verdict.venue()).isEqualTo(Venue.BINANCE);
    assertThat(rule.check(signal("s"), NOW_US + 199_000, verdict)).isFalse(); // 0.995 token
    assertThat(rule.check(signal("s"), NOW_US + 200_000, verdict)).isTrue(); // 1 token
  }

  @Test
  void configRowsWithEnabledFalseStopTheInstrumentOnThatVenue() {
    LiveConfig config = new LiveConfig(10);
    ConfigEnabledRule rule = new ConfigEnabledRule(books, config);
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isTrue();
    config.onConfigChange(
        ConfigChange.newBuilder()
            .setTable("instruments")
            .setKey("BTC-USDT|OKX")
            .setOp(ChangeOp.UPDATE)
            .setAfter(Map.of("taker_fee_bps", "8.0000", "enabled", "false"))
            .setVersion(7)
            .setCommitTimeUs(NOW_US)
            .build());
    assertThat(rule.check(signal("s"), NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.INSTRUMENT_DISABLED);
    assertThat(verdict.venue()).isEqualTo(Venue.OKX);
    assertThat(config.takerFeeBps("BTC-USDT|OKX")).isEqualTo(8.0);
    assertThat(config.takerFeeBps("BTC-USDT|BINANCE")).isEqualTo(10.0);
    assertThat(config.version()).isEqualTo(7);
  }

  private static ConfigChange strategyRow(String key, String maxQty, long version) {
    Map<String, String> after = new java.util.HashMap<>();
    after.put("min_edge_bps", "5.0000");
    after.put("enabled", "true");
    if (maxQty != null) {
      after.put("max_qty", maxQty);
    }
    return ConfigChange.newBuilder()
        .setTable("strategies")
        .setKey(key)
        .setOp(ChangeOp.UPDATE)
        .setAfter(after)
        .setVersion(version)
        .setCommitTimeUs(NOW_US)
        .build();
  }

  private static Signal withQty(long qty) {
    Signal s = signal("q" + qty);
    s.setQty(qty);
    return s;
  }

  @Test
  void maxQtyOfTheStrategyRefusesALargerSignalExactlyAtTheBoundary() {
    LiveConfig config = new LiveConfig(10);
    MaxQtyRule rule = new MaxQtyRule(books, config);
    assertThat(rule.check(withQty(5_000_000_000L), NOW_US, verdict)).isTrue(); // no row: no limit

    // As PostgreSQL prints numeric(38,18).
    config.onConfigChange(strategyRow("xarb|BTC-USDT", "0.001000000000000000", 3));
    assertThat(rule.check(withQty(QTY_0_001), NOW_US, verdict)).isTrue();
    assertThat(rule.check(withQty(QTY_0_001 + 1), NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.MAX_QTY);
    assertThat(verdict.reason().status().name()).isEqualTo("REJECTED");
    assertThat(verdict.value()).isEqualTo(0.00100001);
    assertThat(verdict.limit()).isEqualTo(0.001);
    assertThat(
            Verdict.describe(verdict.reason(), verdict.value(), verdict.limit(), verdict.venue()))
        .isEqualTo("max qty: signal qty 0.00100001 > limit 0.001");

    // More digits than the instrument's size scale (8) are compared exactly, not rounded.
    config.onConfigChange(strategyRow("xarb|BTC-USDT", "0.000999999999", 4));
    verdict.reset();
    assertThat(rule.check(withQty(QTY_0_001), NOW_US, verdict)).isFalse();
    assertThat(rule.check(withQty(99_999L), NOW_US, verdict)).isTrue();

    // Another instrument's row does not apply; a whole-number limit; zero stops the instrument.
    config.onConfigChange(strategyRow("xarb|ETH-USDT", "0.0001", 5));
    config.onConfigChange(strategyRow("xarb|BTC-USDT", "2", 6));
    assertThat(rule.check(withQty(200_000_000L), NOW_US, verdict)).isTrue();
    assertThat(rule.check(withQty(200_000_001L), NOW_US, verdict)).isFalse();
    config.onConfigChange(strategyRow("xarb|BTC-USDT", "0", 7));
    assertThat(rule.check(withQty(1L), NOW_US, verdict)).isFalse();

    // A row without max_qty, and the DELETE of the row, remove the limit.
    config.onConfigChange(strategyRow("xarb|BTC-USDT", null, 8));
    assertThat(rule.check(withQty(5_000_000_000L), NOW_US, verdict)).isTrue();
    config.onConfigChange(strategyRow("xarb|BTC-USDT", "0.001", 9));
    config.onConfigChange(
        ConfigChange.newBuilder()
            .setTable("strategies")
            .setKey("xarb|BTC-USDT")
            .setOp(ChangeOp.DELETE)
            .setAfter(null)
            .setVersion(10)
            .setCommitTimeUs(NOW_US)
            .build());
    assertThat(rule.check(withQty(5_000_000_000L), NOW_US, verdict)).isTrue();
    assertThat(config.version()).isEqualTo(10);
  }

  @Test
  void maxQtyThatIsNoDecimalKeepsThePreviousLimit() {
    LiveConfig config = new LiveConfig(10);
    MaxQtyRule rule = new MaxQtyRule(books, config);
    config.onConfigChange(strategyRow("xarb|BTC-USDT", "0.001", 1));
    config.onConfigChange(strategyRow("xarb|BTC-USDT", "lots", 2));
    assertThat(rule.check(withQty(QTY_0_001 + 1), NOW_US, verdict)).isFalse();
    assertThat(verdict.limit()).isEqualTo(0.001);
  }

  @Test
  void preTradeChecksRefuseAboveMaxQtyBeforeSpendingAnOrderRateToken() {
    LiveConfig config = new LiveConfig(10);
    EventClock clock = new EventClock();
    clock.observe(NOW_US);
    PreTradeChecks checks =
        new PreTradeChecks(
            books,
            java.util.EnumSet.of(Venue.BINANCE, Venue.OKX),
            new RiskStates(),
            new SignalIds(),
            clock,
            config,
            () -> LIMITS);
    Fixtures.quoteBoth(books, NOW_US);
    config.onConfigChange(strategyRow("xarb|BTC-USDT", "0.0005", 1));
    assertThat(checks.check(signal("big"), NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.MAX_QTY);
    assertThat(checks.refusals(RejectReason.MAX_QTY)).isEqualTo(1);
    config.onConfigChange(strategyRow("xarb|BTC-USDT", "0.001", 2));
    assertThat(checks.check(signal("fits"), NOW_US, verdict)).isTrue();
  }

  @Test
  void theChecksWithAMaxQtyRowAllocateNothingPerSignal() {
    LiveConfig config = new LiveConfig(10);
    EventClock clock = new EventClock();
    clock.observe(NOW_US);
    Limits generous =
        new Limits(1000, 1e9, 1e9, 50, 500_000L, 2_000_000L, 5_000_000L, 1_000_000, 1_000_000);
    PreTradeChecks checks =
        new PreTradeChecks(
            books,
            java.util.EnumSet.of(Venue.BINANCE, Venue.OKX),
            new RiskStates(),
            new SignalIds(),
            clock,
            config,
            () -> generous);
    Fixtures.quoteBoth(books, NOW_US);
    config.onConfigChange(strategyRow("xarb|BTC-USDT", "0.001000000000000000", 1));
    Signal fits = signal("fits");
    Signal tooBig = withQty(QTY_0_001 * 2);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 20_000; i++) { // warm-up: JIT, lazily built JDK internals
      checks.check(fits, NOW_US, verdict);
      checks.check(tooBig, NOW_US, verdict);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    int passed = 0;
    for (int i = 0; i < 10_000; i++) {
      passed += checks.check(fits, NOW_US, verdict) ? 1 : 0;
      passed += checks.check(tooBig, NOW_US, verdict) ? 1 : 0;
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(passed).isEqualTo(10_000);
    assertThat(verdict.reason()).isEqualTo(RejectReason.MAX_QTY);
    // Under 1 byte per check: one object per signal would be >= 16 B x 20 000 checks. (A one-off
    // of a few hundred bytes was seen once, JIT work landing in the window; usually it is 0.)
    assertThat(allocated).isLessThan(20_000);
  }

  @Test
  void verdictTextNamesValueAndLimit() {
    assertThat(Verdict.describe(RejectReason.MAX_POSITION, 0.0015, 0.001, Venue.BINANCE))
        .isEqualTo("max position: position after the order 0.0015 > limit 0.001 (BINANCE)");
    assertThat(Verdict.describe(RejectReason.KILL_SWITCH, 0, 0, Venue.UNKNOWN))
        .isEqualTo("kill switch: risk.state HALT for");
  }

  @Test
  void checksRunInOrderAndTakeRateTokensOnlyOnAPass() {
    RiskStates states = new RiskStates();
    SignalIds ids = new SignalIds();
    EventClock clock = new EventClock();
    clock.observe(NOW_US);
    PreTradeChecks checks =
        new PreTradeChecks(
            books,
            java.util.EnumSet.of(Venue.BINANCE, Venue.OKX),
            states,
            ids,
            clock,
            new LiveConfig(10),
            () -> LIMITS);
    Fixtures.quoteBoth(books, NOW_US);
    assertThat(checks.check(signal("a"), NOW_US, verdict)).isTrue();
    Signal unknown = signal("b");
    unknown.setInstrument("DOGE-USDT");
    assertThat(checks.check(unknown, NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.UNKNOWN_INSTRUMENT);
    states.onRiskState(Fixtures.risk(RiskScope.GLOBAL, "*", RiskLevel.HALT));
    assertThat(checks.check(signal("c"), NOW_US, verdict)).isFalse();
    assertThat(verdict.reason()).isEqualTo(RejectReason.KILL_SWITCH);
    assertThat(checks.refusals(RejectReason.KILL_SWITCH)).isEqualTo(1);
    assertThat(QTY_0_001).isEqualTo(100_000L);
  }
}
