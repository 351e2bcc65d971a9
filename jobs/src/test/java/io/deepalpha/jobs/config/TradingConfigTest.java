package io.deepalpha.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepalpha.model.event.ChangeOp;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.Venue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TradingConfigTest {
  /** The repository's defaults, read from the working tree as the job does at run time. */
  private static final Path REPO_DEFAULTS = Path.of("../configs/trading.yaml");

  @TempDir Path dir;

  @Test
  void repositoryDefaultsGiveFeesStrategyAndLimits() {
    TradingConfig config = TradingConfig.load(REPO_DEFAULTS);

    InstrumentParams btc = config.instrument("BTC-USDT");
    assertThat(btc.takerFeeBps(Venue.COINBASE)).isEqualTo(60.0);
    assertThat(btc.takerFeeBps(Venue.OKX)).isEqualTo(10.0);
    assertThat(btc.strategy().minEdgeBps()).isEqualTo(5.0);
    assertThat(btc.strategy().stalenessUs()).isEqualTo(500_000L);
    assertThat(btc.strategy().cooldownUs()).isEqualTo(1_000_000L);
    assertThat(btc.strategy().maxQtyMantissa(8)).isEqualTo(5_000_000L);
    assertThat(config.instrument("BTC-USD").tradable(Venue.BINANCE)).isFalse();
    assertThat(config.version()).isZero();
    assertThat(config.riskLimits())
        .contains(new RiskLimit(RiskScope.INSTRUMENT, "BTC-USDT", "position", 0.08, 0.1));
  }

  @Test
  void maxQtyMantissaIsRoundedDownPerScaleAndRefusesWhatALongCannotHold() {
    StrategyParams params =
        new StrategyParams(5.0, new java.math.BigDecimal("0.123456789"), 500, 1_000, true);
    assertThat(params.maxQtyMantissa(0)).isZero();
    assertThat(params.maxQtyMantissa(4)).isEqualTo(1_234L);
    assertThat(params.maxQtyMantissa(8)).isEqualTo(12_345_678L);
    assertThat(params.maxQtyMantissa(18)).isEqualTo(123_456_789_000_000_000L);
    assertThatThrownBy(() -> params.maxQtyMantissa(20)).isInstanceOf(ArithmeticException.class);
    StrategyParams huge =
        new StrategyParams(5.0, new java.math.BigDecimal("1000000000000"), 500, 1_000, true);
    assertThat(huge.maxQtyMantissa(6)).isEqualTo(1_000_000_000_000_000_000L);
    assertThatThrownBy(() -> huge.maxQtyMantissa(8)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void badValueStopsLoadingWithFileAndKeyInTheMessage() throws Exception {
    Path file = dir.resolve("trading.yaml");
    Files.writeString(
        file,
        "strategies:\n"
            + "  - { strategy: xarb, instrument: BTC-USDT, min_edge_bps: five, max_qty: 0.05,"
            + " staleness_ms: 500, cooldown_ms: 1000 }\n");

    assertThatThrownBy(() -> TradingConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("strategies|xarb|BTC-USDT.min_edge_bps: 'five' is not a number");
  }

  @Test
  void unknownTableIsRefusedByName() throws Exception {
    Path file = dir.resolve("trading.yaml");
    Files.writeString(file, "strategy:\n  - { strategy: xarb }\n");

    assertThatThrownBy(() -> TradingConfig.load(file))
        .hasMessageContaining("strategy: unknown table");
  }

  @Test
  void changesApplyInVersionOrderAndOlderVersionsAreIgnored() {
    TradingConfig config = TradingConfig.load(REPO_DEFAULTS);
    ConfigChange fee =
        change(
            "instruments",
            "BTC-USDT|OKX",
            100L,
            Map.of(
                "instrument",
                "BTC-USDT",
                "venue",
                "OKX",
                "taker_fee_bps",
                "7.5000",
                "enabled",
                "true"));
    ConfigChange older =
        change(
            "instruments",
            "BTC-USDT|OKX",
            90L,
            Map.of(
                "instrument",
                "BTC-USDT",
                "venue",
                "OKX",
                "taker_fee_bps",
                "99",
                "enabled",
                "true"));

    TradingConfig next = config.apply(fee).apply(older);

    assertThat(next.version()).isEqualTo(100L);
    assertThat(next.instrument("BTC-USDT").takerFeeBps(Venue.OKX)).isEqualTo(7.5);
    assertThat(config.instrument("BTC-USDT").takerFeeBps(Venue.OKX)).isEqualTo(10.0);
  }

  @Test
  void aChangeOfAnotherTableArrivingAfterAHigherVersionStillApplies() {
    // config.strategies and config.risk_limits are separate topics: LSN 200 may arrive first.
    TradingConfig config = TradingConfig.load(REPO_DEFAULTS);
    ConfigChange limit =
        change(
            "risk_limits",
            "INSTRUMENT|BTC-USDT|volatility_bps",
            200L,
            Map.of(
                "scope", "INSTRUMENT",
                "scope_key", "BTC-USDT",
                "metric", "volatility_bps",
                "warn_value", "11.0000",
                "halt_value", "22.0000"));
    ConfigChange fee =
        change(
            "instruments",
            "BTC-USDT|OKX",
            150L,
            Map.of(
                "instrument",
                "BTC-USDT",
                "venue",
                "OKX",
                "taker_fee_bps",
                "7.5000",
                "enabled",
                "true"));

    TradingConfig next = config.apply(limit).apply(fee);

    assertThat(next.version()).isEqualTo(200L);
    assertThat(next.instrument("BTC-USDT").takerFeeBps(Venue.OKX)).isEqualTo(7.5);
    assertThat(next.riskLimits())
        .anySatisfy(
            l -> {
              assertThat(l.metric()).isEqualTo("volatility_bps");
              assertThat(l.halt()).isEqualTo(22.0);
            });
  }

  @Test
  void deletedStrategyRowMeansNoStrategy() {
    TradingConfig config = TradingConfig.load(REPO_DEFAULTS);
    ConfigChange delete =
        ConfigChange.newBuilder()
            .setTable("strategies")
            .setKey("xarb|ETH-USDT")
            .setOp(ChangeOp.DELETE)
            .setVersion(5L)
            .setCommitTimeUs(0L)
            .build();

    assertThat(config.apply(delete).instrument("ETH-USDT").strategy()).isNull();
  }

  private static ConfigChange change(
      String table, String key, long version, Map<String, String> after) {
    return ConfigChange.newBuilder()
        .setTable(table)
        .setKey(key)
        .setOp(ChangeOp.UPDATE)
        .setAfter(after)
        .setVersion(version)
        .setCommitTimeUs(0L)
        .build();
  }
}
