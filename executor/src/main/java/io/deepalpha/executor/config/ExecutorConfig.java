package io.deepalpha.executor.config;

import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The validated settings of one executor run. Built by {@link #from}; every invalid or missing
 * value stops the start with a {@link ConfigException} naming its key. {@link #toString()} lists
 * every setting with secrets masked, for the start-up log line.
 */
public record ExecutorConfig(
    TradingMode mode,
    BigDecimal maxPositionSize,
    BigDecimal riskLimit,
    BigDecimal accountEquity,
    BigDecimal maxNotional,
    URI apiEndpoint,
    URI okxApiEndpoint,
    boolean okxDemo,
    Secret binanceApiKey,
    Secret binanceApiSecret,
    Secret okxApiKey,
    Secret okxApiSecret,
    Secret okxPassphrase,
    Set<Venue> venues,
    int recvWindowMs,
    int venueTimeoutMs,
    String kafkaBootstrap,
    String kafkaGroupId,
    String kafkaGroupInstanceId,
    String kafkaTopicSuffix,
    int kafkaFetchMaxWaitMs,
    int kafkaOutageExitSeconds,
    Path journalDir,
    BigDecimal journalSizeMb,
    int journalMinFreeMb,
    FsyncPolicy journalFsync,
    int journalFsyncIntervalMs,
    String httpBind,
    int httpPort,
    Secret adminToken,
    IdleStrategyKind idleStrategy,
    long staleSignalEventMs,
    long staleSignalWallMs,
    int priceCollarBps,
    long quoteMaxAgeMs,
    int orderRatePerSec,
    int orderRateBurst,
    LegFailurePolicy legFailurePolicy,
    int paperLatencyMs,
    BigDecimal paperTakerFeeBps,
    int unwindSlippageBps) {

  /** JOURNAL_SIZE_MB in bytes, rounded down to a multiple of 4 KiB (a page). */
  public long journalSegmentBytes() {
    long bytes = journalSizeMb.multiply(BigDecimal.valueOf(1024L * 1024L)).longValue();
    return bytes & ~4095L;
  }

  /** Validates raw values (see {@link ConfigLoader#resolve}). */
  public static ExecutorConfig from(Map<ConfigKey, String> raw) {
    Values v = new Values(raw);
    TradingMode mode = v.mode();
    ExecutorConfig config =
        new ExecutorConfig(
            mode,
            v.positiveDecimal(ConfigKey.MAX_POSITION_SIZE),
            v.fraction(ConfigKey.RISK_LIMIT),
            v.positiveDecimal(ConfigKey.ACCOUNT_EQUITY),
            v.positiveDecimal(ConfigKey.MAX_NOTIONAL),
            v.url(ConfigKey.API_ENDPOINT),
            v.url(ConfigKey.OKX_API_ENDPOINT),
            mode == TradingMode.TESTNET || v.bool(ConfigKey.OKX_DEMO),
            v.secret(ConfigKey.BINANCE_API_KEY),
            v.secret(ConfigKey.BINANCE_API_SECRET),
            v.secret(ConfigKey.OKX_API_KEY),
            v.secret(ConfigKey.OKX_API_SECRET),
            v.secret(ConfigKey.OKX_PASSPHRASE),
            v.venues(mode),
            v.intIn(ConfigKey.RECV_WINDOW_MS, 1, 60_000),
            v.intIn(ConfigKey.VENUE_TIMEOUT_MS, 10, 60_000),
            v.nonBlank(ConfigKey.KAFKA_BOOTSTRAP_SERVERS),
            v.nonBlank(ConfigKey.KAFKA_GROUP_ID),
            v.raw(ConfigKey.KAFKA_GROUP_INSTANCE_ID).equals("-")
                ? ""
                : v.raw(ConfigKey.KAFKA_GROUP_INSTANCE_ID),
            v.raw(ConfigKey.KAFKA_TOPIC_SUFFIX).equals("-")
                ? ""
                : v.raw(ConfigKey.KAFKA_TOPIC_SUFFIX),
            v.intIn(ConfigKey.KAFKA_FETCH_MAX_WAIT_MS, 0, 500),
            v.intIn(ConfigKey.KAFKA_OUTAGE_EXIT_SECONDS, 0, 86_400),
            Path.of(v.nonBlank(ConfigKey.JOURNAL_DIR)),
            v.decimalIn(ConfigKey.JOURNAL_SIZE_MB, new BigDecimal("0.125"), new BigDecimal(1024)),
            v.intIn(ConfigKey.JOURNAL_MIN_FREE_MB, 0, Integer.MAX_VALUE),
            v.enumValue(ConfigKey.JOURNAL_FSYNC, FsyncPolicy.class),
            v.intIn(ConfigKey.JOURNAL_FSYNC_INTERVAL_MS, 1, 10_000),
            v.nonBlank(ConfigKey.HTTP_BIND),
            v.intIn(ConfigKey.HTTP_PORT, 0, 65_535),
            v.secret(ConfigKey.ADMIN_TOKEN),
            IdleStrategyKind.parse(v.raw(ConfigKey.IDLE_STRATEGY)),
            v.intIn(ConfigKey.STALE_SIGNAL_EVENT_MS, 1, 3_600_000),
            v.intIn(ConfigKey.STALE_SIGNAL_WALL_MS, 1, 3_600_000),
            v.intIn(ConfigKey.PRICE_COLLAR_BPS, 1, 10_000),
            v.intIn(ConfigKey.QUOTE_MAX_AGE_MS, 1, 3_600_000),
            v.intIn(ConfigKey.ORDER_RATE_PER_SEC, 1, 10_000),
            v.intIn(ConfigKey.ORDER_RATE_BURST, 1, 10_000),
            v.enumValue(ConfigKey.LEG_FAILURE_POLICY, LegFailurePolicy.class),
            v.intIn(ConfigKey.PAPER_LATENCY_MS, 0, 60_000),
            v.nonNegativeDecimal(ConfigKey.PAPER_TAKER_FEE_BPS),
            v.intIn(ConfigKey.UNWIND_SLIPPAGE_BPS, 1, 10_000));
    config.checkTradingPrerequisites(v.bool(ConfigKey.LIVE_TRADING_CONFIRMED));
    return config;
  }

  /** Venue modes need keys; live needs the explicit confirmation and an admin token too. */
  private void checkTradingPrerequisites(boolean liveConfirmed) {
    if (mode == TradingMode.PAPER) {
      return;
    }
    if (mode == TradingMode.LIVE && !liveConfirmed) {
      throw new ConfigException(
          ConfigKey.LIVE_TRADING_CONFIRMED
              + ": TRADING_MODE=live trades real money and needs LIVE_TRADING_CONFIRMED=true");
    }
    if (venues.contains(Venue.BINANCE)) {
      require(binanceApiKey, ConfigKey.BINANCE_API_KEY);
      require(binanceApiSecret, ConfigKey.BINANCE_API_SECRET);
    }
    if (venues.contains(Venue.OKX)) {
      require(okxApiKey, ConfigKey.OKX_API_KEY);
      require(okxApiSecret, ConfigKey.OKX_API_SECRET);
      require(okxPassphrase, ConfigKey.OKX_PASSPHRASE);
    }
    if (mode == TradingMode.LIVE) {
      require(adminToken, ConfigKey.ADMIN_TOKEN);
    }
  }

  /** The name of a contract topic in this deployment (KAFKA_TOPIC_SUFFIX appended). */
  public String topic(io.deepalpha.model.topic.Topic topic) {
    return topic.name() + kafkaTopicSuffix;
  }

  private void require(Secret secret, ConfigKey key) {
    if (!secret.isSet()) {
      throw new ConfigException(
          key
              + ": required in TRADING_MODE="
              + mode.name().toLowerCase(Locale.ROOT)
              + " (set "
              + key
              + " or "
              + key.fileVariable()
              + ")");
    }
  }

  /** Reads and checks one raw value at a time, naming the key in every error. */
  private record Values(Map<ConfigKey, String> raw) {

    String raw(ConfigKey key) {
      String value = raw.get(key);
      return value == null ? key.defaultValue() : value.strip();
    }

    String nonBlank(ConfigKey key) {
      String value = raw(key);
      if (value.isEmpty()) {
        throw new ConfigException(key + ": must not be empty");
      }
      return value;
    }

    TradingMode mode() {
      String value = raw(ConfigKey.TRADING_MODE);
      try {
        return TradingMode.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            ConfigKey.TRADING_MODE + ": '" + value + "' is not one of paper, testnet, live");
      }
    }

    BigDecimal decimal(ConfigKey key) {
      String value = nonBlank(key);
      try {
        return new BigDecimal(value);
      } catch (NumberFormatException e) {
        throw new ConfigException(key + ": '" + value + "' is not a decimal number");
      }
    }

    BigDecimal positiveDecimal(ConfigKey key) {
      BigDecimal d = decimal(key);
      if (d.signum() <= 0) {
        throw new ConfigException(key + ": must be > 0, was " + d.toPlainString());
      }
      return d;
    }

    BigDecimal decimalIn(ConfigKey key, BigDecimal min, BigDecimal max) {
      BigDecimal d = decimal(key);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new ConfigException(
            key
                + ": must be between "
                + min.toPlainString()
                + " and "
                + max.toPlainString()
                + ", was "
                + d.toPlainString());
      }
      return d;
    }

    BigDecimal nonNegativeDecimal(ConfigKey key) {
      BigDecimal d = decimal(key);
      if (d.signum() < 0) {
        throw new ConfigException(key + ": must be >= 0, was " + d.toPlainString());
      }
      return d;
    }

    BigDecimal fraction(ConfigKey key) {
      BigDecimal d = positiveDecimal(key);
      if (d.compareTo(BigDecimal.ONE) > 0) {
        throw new ConfigException(
            key + ": is a fraction in (0, 1] (0.02 = 2 %), was " + d.toPlainString());
      }
      return d;
    }

    int intIn(ConfigKey key, int min, int max) {
      String value = nonBlank(key);
      int n;
      try {
        n = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new ConfigException(key + ": '" + value + "' is not an integer");
      }
      if (n < min || n > max) {
        throw new ConfigException(key + ": must be in " + min + ".." + max + ", was " + n);
      }
      return n;
    }

    boolean bool(ConfigKey key) {
      String value = nonBlank(key).toLowerCase(Locale.ROOT);
      return switch (value) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new ConfigException(key + ": '" + value + "' is not true or false");
      };
    }

    URI url(ConfigKey key) {
      String value = nonBlank(key);
      try {
        URI uri = URI.create(value);
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
            || uri.getHost() == null) {
          throw new IllegalArgumentException("no http(s) host");
        }
        return uri;
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key + ": '" + value + "' is not an http(s) URL");
      }
    }

    Secret secret(ConfigKey key) {
      return Secret.of(raw(key));
    }

    /**
     * Paper mode simulates every venue the model knows; testnet and live need an order gateway,
     * which exists for Binance and OKX.
     */
    Set<Venue> venues(TradingMode mode) {
      Set<Venue> venues = EnumSet.noneOf(Venue.class);
      for (String name : nonBlank(ConfigKey.VENUES).split(",")) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        Venue venue;
        try {
          venue = Venue.valueOf(n);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(
              ConfigKey.VENUES
                  + ": '"
                  + name.strip()
                  + "' is not a supported venue (BINANCE, OKX, BYBIT, COINBASE, KRAKEN)");
        }
        if (mode != TradingMode.PAPER && venue != Venue.BINANCE && venue != Venue.OKX) {
          throw new ConfigException(
              ConfigKey.VENUES
                  + ": '"
                  + name.strip()
                  + "' has no order gateway for "
                  + mode.name().toLowerCase(Locale.ROOT)
                  + " trading (BINANCE, OKX); paper mode simulates every venue");
        }
        venues.add(venue);
      }
      return venues;
    }

    <E extends Enum<E>> E enumValue(ConfigKey key, Class<E> type) {
      String value = nonBlank(key);
      try {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        StringBuilder allowed = new StringBuilder();
        for (E c : type.getEnumConstants()) {
          allowed
              .append(allowed.length() == 0 ? "" : ", ")
              .append(c.name().toLowerCase(Locale.ROOT));
        }
        throw new ConfigException(key + ": '" + value + "' is not one of " + allowed);
      }
    }
  }
}
