package io.deepalpha.executor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorConfigTest {

  private static final Path CONFIGS = Path.of("../configs");

  @TempDir Path dir;

  private static ExecutorConfig load(Map<String, String> env) {
    return ConfigLoader.load(List.of(), env);
  }

  @Test
  void defaultsAreAValidPaperConfiguration() {
    ExecutorConfig config = load(Map.of());
    assertThat(config.mode()).isEqualTo(TradingMode.PAPER);
    assertThat(config.maxPositionSize()).isEqualByComparingTo("0.001");
    assertThat(config.riskLimit()).isEqualByComparingTo("0.02");
    assertThat(config.venues()).containsExactlyInAnyOrder(Venue.BINANCE, Venue.OKX);
    assertThat(config.idleStrategy()).isEqualTo(IdleStrategyKind.BACKOFF);
    assertThat(config.legFailurePolicy()).isEqualTo(LegFailurePolicy.UNWIND);
  }

  @Test
  void everyKeyHasADocumentedDefaultThatValidates() {
    for (ConfigKey key : ConfigKey.values()) {
      assertThat(key.doc()).as(key.name()).isNotBlank();
      assertThat(key.defaultValue()).as(key.name()).isNotNull();
    }
    assertThat(ConfigLoader.resolve(List.of(), Map.of())).hasSize(ConfigKey.values().length);
  }

  @Test
  void invalidValuesStopTheStartNamingTheKey() {
    assertThatThrownBy(() -> load(Map.of("MAX_POSITION_SIZE", "abc")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("MAX_POSITION_SIZE: 'abc' is not a decimal number");
    assertThatThrownBy(() -> load(Map.of("MAX_POSITION_SIZE", "-1")))
        .hasMessageStartingWith("MAX_POSITION_SIZE: must be > 0");
    assertThatThrownBy(() -> load(Map.of("RISK_LIMIT", "2")))
        .hasMessageStartingWith("RISK_LIMIT: is a fraction in (0, 1]");
    assertThatThrownBy(() -> load(Map.of("TRADING_MODE", "yolo")))
        .hasMessageStartingWith("TRADING_MODE: 'yolo' is not one of paper, testnet, live");
    assertThatThrownBy(() -> load(Map.of("API_ENDPOINT", "ftp://x")))
        .hasMessageStartingWith("API_ENDPOINT:");
    assertThatThrownBy(() -> load(Map.of("RECV_WINDOW_MS", "60001")))
        .hasMessageStartingWith("RECV_WINDOW_MS: must be in 1..60000, was 60001");
    assertThatThrownBy(() -> load(Map.of("IDLE_STRATEGY", "nap")))
        .hasMessageStartingWith("IDLE_STRATEGY: 'nap'");
    assertThatThrownBy(() -> load(Map.of("LEG_FAILURE_POLICY", "pray")))
        .hasMessage("LEG_FAILURE_POLICY: 'pray' is not one of unwind, hold");
    assertThatThrownBy(() -> load(Map.of("VENUES", "BINANCE,FTX")))
        .hasMessageStartingWith("VENUES: 'FTX' is not a supported venue");
  }

  @Test
  void kafkaOutageExitDefaultsTo120SecondsZeroMeansNeverAndNegativeIsRefused() {
    assertThat(load(Map.of()).kafkaOutageExitSeconds()).isEqualTo(120);
    assertThat(load(Map.of("KAFKA_OUTAGE_EXIT_SECONDS", "0")).kafkaOutageExitSeconds()).isZero();
    assertThatThrownBy(() -> load(Map.of("KAFKA_OUTAGE_EXIT_SECONDS", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("KAFKA_OUTAGE_EXIT_SECONDS: must be in 0..86400, was -1");
    assertThatThrownBy(() -> load(Map.of("KAFKA_OUTAGE_EXIT_SECONDS", "2m")))
        .hasMessage("KAFKA_OUTAGE_EXIT_SECONDS: '2m' is not an integer");
  }

  @Test
  void journalSizeIsPerSegmentInMegabytesDownToAnEighthAndTheDiskReserveIsNonNegative() {
    assertThat(load(Map.of()).journalSegmentBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(load(Map.of()).journalMinFreeMb()).isZero();
    assertThat(load(Map.of("JOURNAL_SIZE_MB", "0.125")).journalSegmentBytes()).isEqualTo(131_072);
    assertThat(load(Map.of("JOURNAL_SIZE_MB", "1024")).journalSegmentBytes())
        .isEqualTo(1024L * 1024 * 1024);
    assertThatThrownBy(() -> load(Map.of("JOURNAL_SIZE_MB", "0.1")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("JOURNAL_SIZE_MB: must be between 0.125 and 1024, was 0.1");
    assertThatThrownBy(() -> load(Map.of("JOURNAL_SIZE_MB", "1025")))
        .hasMessage("JOURNAL_SIZE_MB: must be between 0.125 and 1024, was 1025");
    assertThatThrownBy(() -> load(Map.of("JOURNAL_SIZE_MB", "64MB")))
        .hasMessageStartingWith("JOURNAL_SIZE_MB: '64MB' is not a decimal number");
    assertThat(load(Map.of("JOURNAL_MIN_FREE_MB", "2048")).journalMinFreeMb()).isEqualTo(2048);
    assertThatThrownBy(() -> load(Map.of("JOURNAL_MIN_FREE_MB", "-1")))
        .hasMessageStartingWith("JOURNAL_MIN_FREE_MB: must be in 0..");
  }

  @Test
  void paperModeSimulatesEveryVenueButRealTradingNeedsAGateway() {
    assertThat(load(Map.of("VENUES", "BINANCE,OKX,BYBIT,COINBASE,KRAKEN")).venues())
        .containsExactlyInAnyOrder(
            Venue.BINANCE, Venue.OKX, Venue.BYBIT, Venue.COINBASE, Venue.KRAKEN);
    Map<String, String> testnet = new HashMap<>(liveKeys());
    testnet.put("TRADING_MODE", "testnet");
    testnet.put("VENUES", "BINANCE,BYBIT");
    assertThatThrownBy(() -> load(testnet))
        .hasMessage(
            "VENUES: 'BYBIT' has no order gateway for testnet trading (BINANCE, OKX); paper mode"
                + " simulates every venue");
  }

  @Test
  void liveModeRefusesToStartWithoutExplicitConfirmation() {
    Map<String, String> env = new HashMap<>(liveKeys());
    env.put("TRADING_MODE", "live");
    assertThatThrownBy(() -> load(env))
        .hasMessageStartingWith("LIVE_TRADING_CONFIRMED: TRADING_MODE=live trades real money");
    env.put("LIVE_TRADING_CONFIRMED", "yes");
    assertThatThrownBy(() -> load(env))
        .hasMessageStartingWith("LIVE_TRADING_CONFIRMED: 'yes' is not true or false");
    env.put("LIVE_TRADING_CONFIRMED", "true");
    assertThat(load(env).mode()).isEqualTo(TradingMode.LIVE);
  }

  @Test
  void liveModeRefusesToStartWithoutKeys() {
    Map<String, String> env = new HashMap<>(liveKeys());
    env.put("TRADING_MODE", "live");
    env.put("LIVE_TRADING_CONFIRMED", "true");
    env.remove("OKX_PASSPHRASE");
    assertThatThrownBy(() -> load(env))
        .hasMessage(
            "OKX_PASSPHRASE: required in TRADING_MODE=live (set OKX_PASSPHRASE or"
                + " OKX_PASSPHRASE_FILE)");
    env.put("VENUES", "BINANCE");
    env.remove("BINANCE_API_SECRET");
    assertThatThrownBy(() -> load(env)).hasMessageStartingWith("BINANCE_API_SECRET: required");
  }

  @Test
  void secretsComeFromFilesAndNeverPrint() throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, "s3cr3t-value\n");
    ExecutorConfig config = load(Map.of("BINANCE_API_SECRET_FILE", file.toString()));
    assertThat(config.binanceApiSecret().bytes()).isEqualTo("s3cr3t-value".getBytes());
    assertThat(config.toString()).doesNotContain("s3cr3t").contains("binanceApiSecret=<set>");
    assertThatThrownBy(
            () ->
                load(Map.of("BINANCE_API_SECRET_FILE", file.toString(), "BINANCE_API_SECRET", "x")))
        .hasMessageStartingWith("BINANCE_API_SECRET and BINANCE_API_SECRET_FILE are both set");
    assertThatThrownBy(() -> load(Map.of("ADMIN_TOKEN_FILE", dir.resolve("nope").toString())))
        .hasMessageStartingWith("ADMIN_TOKEN_FILE: cannot read the file it names");
  }

  @Test
  void environmentOverridesEnvFilesWhichOverrideDefaults() throws Exception {
    Path file = dir.resolve("a.env");
    Files.writeString(file, "# comment\nexport MAX_NOTIONAL=\"250\"\nORDER_RATE_PER_SEC=3\n");
    ExecutorConfig config = ConfigLoader.load(List.of(file), Map.of("ORDER_RATE_PER_SEC", "7"));
    assertThat(config.maxNotional()).isEqualByComparingTo("250");
    assertThat(config.orderRatePerSec()).isEqualTo(7);
  }

  @Test
  void testingEnvFileIsPaperWithTheSeedLimitsOnTestnet() {
    ExecutorConfig config =
        ConfigLoader.load(List.of(CONFIGS.resolve(".env.c5n.testing")), Map.of());
    assertThat(config.mode()).isEqualTo(TradingMode.PAPER);
    assertThat(config.maxPositionSize()).isEqualByComparingTo(new BigDecimal("0.001"));
    assertThat(config.riskLimit()).isEqualByComparingTo(new BigDecimal("0.02"));
    assertThat(config.apiEndpoint().getHost()).isEqualTo("testnet.binance.vision");
  }

  @Test
  void stagingAndProductionAreLiveAndNeedConfirmationAndKeyFiles() throws Exception {
    Map<String, String> env = new HashMap<>();
    for (String key :
        List.of(
            "BINANCE_API_KEY",
            "BINANCE_API_SECRET",
            "OKX_API_KEY",
            "OKX_API_SECRET",
            "OKX_PASSPHRASE",
            "ADMIN_TOKEN")) {
      Path f = dir.resolve(key);
      Files.writeString(f, "value-of-" + key);
      env.put(key + "_FILE", f.toString());
    }
    for (String[] expected :
        new String[][] {{"staging", "0.01", "0.05"}, {"production", "0.1", "0.1"}}) {
      List<Path> files = List.of(CONFIGS.resolve(".env.c5n." + expected[0]));
      assertThatThrownBy(() -> ConfigLoader.load(files, env))
          .hasMessageStartingWith("LIVE_TRADING_CONFIRMED:");
      Map<String, String> confirmed = new HashMap<>(env);
      confirmed.put("LIVE_TRADING_CONFIRMED", "true");
      ExecutorConfig config = ConfigLoader.load(files, confirmed);
      assertThat(config.mode()).isEqualTo(TradingMode.LIVE);
      assertThat(config.maxPositionSize()).isEqualByComparingTo(expected[1]);
      assertThat(config.riskLimit()).isEqualByComparingTo(expected[2]);
      assertThat(config.apiEndpoint().getHost()).isEqualTo("api.binance.com");
      assertThat(config.okxPassphrase().bytes()).isEqualTo("value-of-OKX_PASSPHRASE".getBytes());
    }
  }

  private static Map<String, String> liveKeys() {
    return Map.of(
        "BINANCE_API_KEY", "k1",
        "BINANCE_API_SECRET", "s1",
        "OKX_API_KEY", "k2",
        "OKX_API_SECRET", "s2",
        "OKX_PASSPHRASE", "p2",
        "ADMIN_TOKEN", "t0k3n");
  }
}
