package io.deepalpha.jobs.savepoint;

import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.config.TradingConfig;
import io.deepalpha.jobs.io.EventKafkaSink;
import io.deepalpha.jobs.io.KafkaSources;
import io.deepalpha.jobs.it.KafkaTestTopics;
import io.deepalpha.jobs.risk.MarketRiskStats;
import io.deepalpha.jobs.risk.RiskJob;
import io.deepalpha.jobs.risk.RiskSettings;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Liquidity;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A RiskJob savepoint written by an older version of the job, for the test that the current version
 * restores it ({@code PreviousRiskSavepointIT}). This class is the recipe: the events before the
 * cut, the topics, the limits and the job are the same on both sides.
 *
 * <p>Before the cut (offsets in ms from {@link #BEGINNING_MS}): BINANCE quotes every second from 0
 * to 12 s (mid 100.00, spreads 1/2/3 bps), KRAKEN quotes at 0.25 … 12.25 s (mid alternating 100.00
 * / 100.05), BINANCE trades at 0.5 … 11.5 s, and four fills of strategy xarb (see {@link
 * #fillsBeforeTheCut}) that leave BTC-USDT at a WARN position of 0.09. The job runs with 10 s
 * windows sliding by 5 s, so at the cut (watermark 11.479 s) the windows ending at 5 and 10 s have
 * fired and the ones ending at 15 and 20 s are open with events and pending timers.
 *
 * <p>To write a fixture with the version at commit C (see {@code
 * src/test/resources/savepoints/README.md}): check C out in a worktree, copy this file into it,
 * compile the jobs test classes there and run
 *
 * <pre>
 * java -cp &lt;C's jobs test classpath&gt; io.deepalpha.jobs.savepoint.RiskSavepointFixture OUT_DIR
 * </pre>
 *
 * It starts a local stack (or uses {@code $KAFKA_BOOTSTRAP_SERVERS}), loads the events before the
 * cut into fixed topics, runs the job until the WARN transition and the windows ending at 10 s are
 * out, stops it with a canonical savepoint and writes {@code OUT_DIR/savepoint}, {@code
 * OUT_DIR/states-before.txt} and {@code OUT_DIR/windows-before.txt} (what that version emitted).
 */
public final class RiskSavepointFixture {
  public static final String QUOTES_TOPIC = "fixture.risk.quotes";
  public static final String TRADES_TOPIC = "fixture.risk.trades";
  public static final String FILLS_TOPIC = "fixture.risk.fills";
  public static final String CONFIG_TOPIC = "fixture.risk.config";
  public static final String STATES_TOPIC = "fixture.risk.states";
  public static final String GROUP = "fixture-risk";
  public static final String STRATEGY = "xarb";

  /** 2025-11-22T00:00:00Z, epoch ms: a UTC midnight. */
  public static final long BEGINNING_MS = 1_763_769_600_000L;

  public static final Duration WINDOW_SIZE = Duration.ofSeconds(10);
  public static final Duration WINDOW_SLIDE = Duration.ofSeconds(5);

  /** Last quote index before the cut (quotes at i seconds), last trade index (i + 0.5 s). */
  public static final int LAST_QUOTE_BEFORE_CUT = 12;

  public static final int LAST_TRADE_BEFORE_CUT = 11;

  public static final String CONFIG_YAML =
      """
      instruments:
        - { instrument: BTC-USDT, venue: BINANCE, taker_fee_bps: 10.0, maker_fee_bps: 10.0, enabled: true }
        - { instrument: BTC-USDT, venue: OKX,     taker_fee_bps: 10.0, maker_fee_bps: 8.0,  enabled: true }
        - { instrument: BTC-USDT, venue: KRAKEN,  taker_fee_bps: 40.0, maker_fee_bps: 25.0, enabled: true }
      strategies:
        - { strategy: xarb, instrument: BTC-USDT, min_edge_bps: 5.0, max_qty: 0.05, staleness_ms: 500, cooldown_ms: 1000, enabled: true }
      risk_limits:
        - { scope: INSTRUMENT, scope_key: BTC-USDT, metric: volatility_bps, warn_value: 50.0, halt_value: 150.0 }
        - { scope: INSTRUMENT, scope_key: BTC-USDT, metric: position,       warn_value: 0.075, halt_value: 0.12 }
      """;

  public static TradingConfig config() {
    try {
      Path file = Files.createTempFile("risk-fixture", ".yaml");
      Files.writeString(file, CONFIG_YAML);
      TradingConfig config = TradingConfig.load(file);
      Files.delete(file);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RiskSettings settings() {
    return new RiskSettings(
        WINDOW_SIZE, WINDOW_SLIDE, Duration.ofMillis(20), Duration.ZERO, STRATEGY);
  }

  /** Quote {@code i} of BINANCE (at i s, mid 100.00, 1/2/3 bps wide) or KRAKEN (i + 0.25 s). */
  public static Quote quote(Venue venue, int i) {
    if (venue == Venue.BINANCE) {
      long half = 50L * (1 + i % 3);
      return quote(venue, i * 1_000L, i + 1, 1_000_000L - half, 1_000_000L + half);
    }
    long mid = i % 2 == 0 ? 1_000_000L : 1_000_500L;
    return quote(venue, i * 1_000L + 250, i + 1, mid - 50, mid + 50);
  }

  /** Trade {@code i} on BINANCE at i + 0.5 s: price 100.00 + 0.01·i, size 0.01·(i + 1). */
  public static Trade trade(int i) {
    long timeUs = (BEGINNING_MS + i * 1_000L + 500) * 1_000L;
    return Trade.newBuilder()
        .setVenue(Venue.BINANCE)
        .setVenueSymbol("BTCUSDT")
        .setInstrument("BTC-USDT")
        .setExchangeTimeUs(timeUs)
        .setReceiveTimeNs(timeUs * 1_000L)
        .setConnectionId(1)
        .setSequence(1_000 + i)
        .setTradeId("t" + i)
        .setPriceScale(4)
        .setSizeScale(8)
        .setPrice(1_000_000L + 100L * i)
        .setSize(1_000_000L * (i + 1))
        .setTakerSide(Side.BUY)
        .build();
  }

  public static List<Quote> quotesBeforeTheCut() {
    List<Quote> quotes = new ArrayList<>();
    for (int i = 0; i <= LAST_QUOTE_BEFORE_CUT; i++) {
      quotes.add(quote(Venue.BINANCE, i));
      quotes.add(quote(Venue.KRAKEN, i));
    }
    return quotes;
  }

  public static List<Trade> tradesBeforeTheCut() {
    List<Trade> trades = new ArrayList<>();
    for (int i = 0; i <= LAST_TRADE_BEFORE_CUT; i++) {
      trades.add(trade(i));
    }
    return trades;
  }

  /**
   * BINANCE buys 0.06 @ 100.00 and 0.04 @ 100.25 (0.10 @ 100.10: WARN), sells 0.02 @ 102.10
   * (realizes 0.04), OKX buys 0.01 @ 100.50: position 0.09, realized PnL 0.027 after fees, peak PnL
   * 0.020 (marks: BINANCE mid 100.00, OKX its fill price).
   */
  public static List<Fill> fillsBeforeTheCut() {
    return List.of(
        fill(Venue.BINANCE, 1_000, Side.BUY, 1_000_000L, 6_000_000L, 600_000L),
        fill(Venue.BINANCE, 3_000, Side.BUY, 1_002_500L, 4_000_000L, 400_000L),
        fill(Venue.BINANCE, 6_000, Side.SELL, 1_021_000L, 2_000_000L, 200_000L),
        fill(Venue.OKX, 9_000, Side.BUY, 1_005_000L, 1_000_000L, 100_000L));
  }

  /** A fill of BTC-USDT at BEGINNING + offsetMs; price scale 4, qty and fee (USDT) scale 8. */
  public static Fill fill(Venue venue, long offsetMs, Side side, long price, long qty, long fee) {
    long timeUs = (BEGINNING_MS + offsetMs) * 1_000L;
    return Fill.newBuilder()
        .setFillId("f" + offsetMs)
        .setClientOrderId("c" + offsetMs)
        .setSignalId("s" + offsetMs)
        .setInstrument("BTC-USDT")
        .setVenue(venue)
        .setSide(side)
        .setPriceScale(4)
        .setSizeScale(8)
        .setPrice(price)
        .setQty(qty)
        .setFeeScale(8)
        .setFee(fee)
        .setFeeAsset("USDT")
        .setLiquidity(Liquidity.TAKER)
        .setMode(TradingMode.PAPER)
        .setExchangeTimeUs(timeUs)
        .setReceiveTimeNs(timeUs * 1_000L)
        .build();
  }

  private static Quote quote(Venue venue, long offsetMs, long sequence, long bid, long ask) {
    long timeUs = (BEGINNING_MS + offsetMs) * 1_000L;
    return Quote.newBuilder()
        .setVenue(venue)
        .setVenueSymbol("BTCUSDT")
        .setInstrument("BTC-USDT")
        .setExchangeTimeUs(timeUs)
        .setReceiveTimeNs(timeUs * 1_000L)
        .setConnectionId(1)
        .setSequence(sequence)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBidPrice(bid)
        .setBidSize(100_000_000L)
        .setAskPrice(ask)
        .setAskSize(100_000_000L)
        .setTimeSource(TimeSource.EXCHANGE)
        .build();
  }

  /** The job both versions run; window statistics go to {@code marketStats}. */
  public static RiskJob job(String bootstrap, Sink<MarketRiskStats> marketStats) {
    return new RiskJob(
        KafkaSources.events(Quote.class, bootstrap, QUOTES_TOPIC, GROUP, true, false),
        KafkaSources.events(Trade.class, bootstrap, TRADES_TOPIC, GROUP, true, false),
        KafkaSources.events(Fill.class, bootstrap, FILLS_TOPIC, GROUP, true, false),
        KafkaSources.config(bootstrap, GROUP + "-config", List.of(CONFIG_TOPIC), false),
        EventKafkaSink.create(bootstrap, STATES_TOPIC, RiskState.class),
        marketStats,
        new DiscardingSink<>(),
        config(),
        settings());
  }

  /**
   * Deletes the fixture topics if they exist and creates them empty, one partition each, kept
   * forever: a version whose sink stamps records with the event time (a year ago) would otherwise
   * see them deleted by retention.
   */
  public static void recreateTopics(String bootstrap) throws Exception {
    FixtureRecipe.recreateTopics(
        bootstrap, List.of(QUOTES_TOPIC, TRADES_TOPIC, FILLS_TOPIC, CONFIG_TOPIC, STATES_TOPIC));
  }

  /**
   * A sink into a list of this JVM, by name (the MiniCluster runs in the test's JVM). Clear it with
   * {@link #clear} before a run.
   */
  public static final class Collected<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Queue<Object>> LISTS = new ConcurrentHashMap<>();

    private final String name;

    public Collected(String name) {
      this.name = name;
    }

    public void clear() {
      LISTS.remove(name);
    }

    @SuppressWarnings("unchecked")
    public List<T> values() {
      return new ArrayList<>((Queue<T>) LISTS.getOrDefault(name, new ConcurrentLinkedQueue<>()));
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
      Queue<Object> list = LISTS.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>());
      return new SinkWriter<>() {
        @Override
        public void write(T element, Context ctx) {
          list.add(element);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }

  public static void main(String[] args) throws Exception {
    FixtureRecipe.main("RiskSavepointFixture", args, RiskSavepointFixture::write);
  }

  private static void write(String bootstrap, Path out) throws Exception {
    recreateTopics(bootstrap);
    Collected<MarketRiskStats> windows = new Collected<>("risk-fixture-windows");
    windows.clear();
    try (KafkaTestTopics kafka = new KafkaTestTopics(bootstrap)) {
      for (Fill f : fillsBeforeTheCut()) {
        kafka.send(FILLS_TOPIC, STRATEGY, f);
      }
      for (Quote q : quotesBeforeTheCut()) {
        kafka.send(QUOTES_TOPIC, q.getInstrument(), q);
      }
      for (Trade t : tradesBeforeTheCut()) {
        kafka.send(TRADES_TOPIC, t.getInstrument(), t);
      }
      Configuration cluster = new Configuration();
      cluster.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
      cluster.set(TaskManagerOptions.NUM_TASK_SLOTS, 4);
      StreamExecutionEnvironment env = JobEnvironment.create(Duration.ZERO, cluster);
      env.setParallelism(1);
      job(bootstrap, windows).build(env);
      JobClient running = env.executeAsync("risk fixture");
      // OK -> WARN at the second fill; both keys' windows ending at 10 s need both sources past
      // 10 s, i.e. (one fetch per topic) every event before the cut has been read.
      kafka.readUntil(STATES_TOPIC, RiskState.class, l -> l.size() >= 1, Duration.ofSeconds(60));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (windows.values().stream().filter(w -> w.windowEndMs == BEGINNING_MS + 10_000).count()
          < 2) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "windows ending at 10 s not emitted: " + windows.values());
        }
        Thread.sleep(100);
      }
      Thread.sleep(3_000);
      Files.createDirectories(out);
      String savepoint =
          running
              .stopWithSavepoint(
                  false, out.resolve("savepoint").toUri().toString(), SavepointFormatType.CANONICAL)
              .get();
      // readUntil with a timeout, not readToEnd: the recipe also compiles against older helpers.
      List<RiskState> states =
          kafka.readUntil(STATES_TOPIC, RiskState.class, l -> false, Duration.ofSeconds(3));
      Files.write(out.resolve("states-before.txt"), states.stream().map(String::valueOf).toList());
      Files.write(
          out.resolve("windows-before.txt"),
          windows.values().stream().map(String::valueOf).toList());
      System.out.printf(
          "savepoint %s: %d risk states, %d windows before the cut%n",
          savepoint, states.size(), windows.values().size());
    }
  }

  private RiskSavepointFixture() {}
}
