package io.deepalpha.executor.config;

/**
 * Every setting of the executor, with its default, documented once. Values come from the process
 * environment, overriding the {@code --env-file} files (see {@link ConfigLoader}). A key marked
 * secret is read from {@code KEY} or from the file named by {@code KEY_FILE} and is never logged.
 */
public enum ConfigKey {
  TRADING_MODE("paper", "paper | testnet | live. live also needs LIVE_TRADING_CONFIRMED and keys."),
  LIVE_TRADING_CONFIRMED(
      "false", "Must be exactly 'true' for TRADING_MODE=live to start; a guard against typos."),
  MAX_POSITION_SIZE("0.001", "Largest absolute net position per instrument, base units (BTC)."),
  RISK_LIMIT(
      "0.02",
      "Fraction of ACCOUNT_EQUITY that may be lost or held as net exposure, e.g. 0.02 = 2 %."),
  ACCOUNT_EQUITY("10000", "Account equity in the quote currency, the base of RISK_LIMIT."),
  MAX_NOTIONAL("1000", "Largest notional of one order (qty x price), quote currency."),
  API_ENDPOINT(
      "https://testnet.binance.vision",
      "Binance spot REST base URL (https://api.binance.com in production; http:// for a local"
          + " simulator)."),
  OKX_API_ENDPOINT("https://www.okx.com", "OKX v5 REST base URL."),
  OKX_DEMO("true", "Send x-simulated-trading: 1 (OKX demo trading). Forced true in testnet."),
  BINANCE_API_KEY("", "Binance API key (secret; or BINANCE_API_KEY_FILE).", true),
  BINANCE_API_SECRET("", "Binance HMAC secret (secret; or BINANCE_API_SECRET_FILE).", true),
  OKX_API_KEY("", "OKX API key (secret; or OKX_API_KEY_FILE).", true),
  OKX_API_SECRET("", "OKX secret key (secret; or OKX_API_SECRET_FILE).", true),
  OKX_PASSPHRASE("", "OKX API passphrase (secret; or OKX_PASSPHRASE_FILE).", true),
  VENUES(
      "BINANCE,OKX",
      "Venues this executor may trade on (comma separated); testnet/live: BINANCE, OKX; paper:"
          + " any of BINANCE, OKX, BYBIT, COINBASE, KRAKEN."),
  RECV_WINDOW_MS("5000", "Binance recvWindow, 1..60000 ms."),
  VENUE_TIMEOUT_MS(
      "2000", "No answer within this time makes an order UNKNOWN: queried, not resent."),
  KAFKA_BOOTSTRAP_SERVERS("localhost:9092", "Kafka bootstrap servers."),
  KAFKA_GROUP_ID("deepalpha-executor", "Consumer group of the signals consumer."),
  KAFKA_GROUP_INSTANCE_ID(
      "-",
      "Static group membership (group.instance.id): a restarted executor takes its partitions back"
          + " at once instead of after the session timeout; a second executor with the same id is"
          + " fenced. '-' = dynamic membership."),
  KAFKA_TOPIC_SUFFIX(
      "-", "Appended to every contract topic name (e.g. '.it1' for tests); '-' means none."),
  KAFKA_FETCH_MAX_WAIT_MS("1", "fetch.max.wait.ms: how long the broker may hold a fetch, ms."),
  KAFKA_OUTAGE_EXIT_SECONDS(
      "120",
      "Kafka unreachable this long (no fetch answer) makes the executor exit with code 3 so that"
          + " its supervisor restarts it; 0 = never exit. Every outcome is in the journal first."),
  JOURNAL_DIR(
      "work/executor/journal",
      "Directory of the append-only journal (segment files executor-<n>.journal and the"
          + " publisher's checkpoint)."),
  JOURNAL_SIZE_MB(
      "64",
      "Size of one memory-mapped journal segment, MB, 0.125..1024 (not the total: a full segment"
          + " rolls to a new one, older segments are deleted once published; below 1 the snapshot"
          + " of a busy executor may not fit). Applies to new segments."),
  JOURNAL_MIN_FREE_MB(
      "0",
      "A roll to a new segment needs JOURNAL_SIZE_MB plus this much usable on the journal's disk;"
          + " when it is not there the executor stops with exit code 4 (journal full), MB."),
  JOURNAL_FSYNC(
      "batch",
      "always: force to disk after every outcome; batch: every JOURNAL_FSYNC_INTERVAL_MS; none:"
          + " leave it to the OS. A kill -9 loses nothing in any policy (the page cache survives);"
          + " only a power loss can lose the last interval in batch/none."),
  JOURNAL_FSYNC_INTERVAL_MS("10", "Interval of the batch fsync policy, ms."),
  HTTP_BIND("127.0.0.1", "Address of the HTTP endpoint (health, metrics, admin)."),
  HTTP_PORT("8081", "Port of the HTTP endpoint; 0 picks a free one."),
  ADMIN_TOKEN("", "Bearer token of POST /admin/reload-config (secret; or ADMIN_TOKEN_FILE).", true),
  IDLE_STRATEGY(
      "backoff",
      "busy-spin (dedicated core, production) | backoff | yield | sleep: what the agent does"
          + " when it has no work."),
  STALE_SIGNAL_EVENT_MS(
      "500", "A signal older than this in event time (behind the newest event seen) expires."),
  STALE_SIGNAL_WALL_MS("2000", "A signal older than this by the wall clock expires."),
  PRICE_COLLAR_BPS(
      "50", "A leg price further than this from the venue's latest quote is rejected, bps."),
  QUOTE_MAX_AGE_MS("5000", "A quote older than this (wall clock) is no reference for the collar."),
  ORDER_RATE_PER_SEC("5", "Orders per second per venue (token bucket refill)."),
  ORDER_RATE_BURST("10", "Token bucket size per venue."),
  LEG_FAILURE_POLICY(
      "unwind",
      "unwind: close the filled leg with an IOC on its venue when the other leg fails; hold: keep"
          + " the position and flag it."),
  PAPER_LATENCY_MS("5", "Simulated venue latency of paper fills, ms."),
  PAPER_TAKER_FEE_BPS("10", "Taker fee of paper fills when config.instruments has none, bps."),
  UNWIND_SLIPPAGE_BPS("50", "How far through the book an unwind IOC may go, bps.");

  private final String defaultValue;
  private final String doc;
  private final boolean secret;

  ConfigKey(String defaultValue, String doc) {
    this(defaultValue, doc, false);
  }

  ConfigKey(String defaultValue, String doc, boolean secret) {
    this.defaultValue = defaultValue;
    this.doc = doc;
    this.secret = secret;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String doc() {
    return doc;
  }

  public boolean secret() {
    return secret;
  }

  /** The variable that names a file holding this secret. */
  public String fileVariable() {
    return name() + "_FILE";
  }
}
