package io.deepalpha.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.cli.JobsCli;
import io.deepalpha.jobs.cli.PipelineLiveCommand;
import io.deepalpha.jobs.spread.ShuffledArrival;
import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.jobs.spread.SpreadStat;
import io.deepalpha.jobs.store.ResultStores;
import io.deepalpha.model.event.ChangeOp;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Liquidity;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.OrderType;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskLevel;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.TimeInForce;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.json.JsonLines;
import io.deepalpha.model.topic.Topics;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The one-graph pipeline ({@code jobs pipeline-live}) on a MiniCluster against the real Kafka,
 * PostgreSQL and InfluxDB: quotes, orders and fills published to Kafka end up as rows and points
 * equal to what the file replay ({@code jobs spread --input}) computes from the same quotes; live
 * config changes on config.* reach SpreadJob and RiskJob.
 */
@WithLocalStack
class PipelineIT {
  private static final Duration STORED = Duration.ofSeconds(120);
  private static final long SECOND_US = 1_000_000L;

  /**
   * The fixtures' instants moved to one hour ago, in whole seconds (interval and window boundaries
   * stay where they were): InfluxDB drops points older than its retention policy, and the stack's
   * stores outlive a run, so every run needs event times (and so signal ids) of its own.
   */
  private static final long SHIFT_US =
      (System.currentTimeMillis() / 1_000L - 3_600L) * SECOND_US - SpreadFixtures.BEGINNING_US;

  /** Phase one's event times (phase two comes later). */
  private static final String FROM =
      Instant.ofEpochSecond(0, (SpreadFixtures.BEGINNING_US + SHIFT_US) * 1_000L).toString();

  private static final String TO =
      Instant.ofEpochSecond(0, (SpreadFixtures.BEGINNING_US + SHIFT_US + 60 * SECOND_US) * 1_000L)
          .toString();

  private static final String PG_PHASE_ONE = " BETWEEN '" + FROM + "' AND '" + TO + "'";
  private static final String INFLUX_PHASE_ONE =
      " AND time >= '" + FROM + "' AND time < '" + TO + "'";

  @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.cluster();

  @TempDir Path dir;

  @Test
  void kafkaInputEndsInPostgresAndInfluxAsTheReplayComputesItAndConfigReachesBothJobs(
      StackEndpoints stack) throws Exception {
    StackEnv.migrate(stack);
    String prefix = "it" + System.nanoTime() + ".";
    List<Quote> quotes = new ArrayList<>(marketQuotes());
    // A quote of an unconfigured instrument 10 s later: it moves the watermark past every quote
    // above, live as in the replay, and is evaluated by nobody.
    quotes.add(other("SOL-USDT", 10 * SECOND_US, 1, 1_000_000L));
    Path config = dir.resolve("trading.yaml");
    Files.writeString(config, SpreadFixtures.CONFIG_YAML);
    Replay expected = replay(quotes, config);
    assertThat(expected.signals).hasSizeGreaterThan(3);
    assertThat(expected.stats).hasSizeGreaterThan(10);
    // Ids unique to this run: the stack's database outlives a run, and ids are natural keys.
    String run = prefix;
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      orders.add(order(run, i));
    }
    List<Fill> fills = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fills.add(fill(run, i));
    }

    try (KafkaTestTopics kafka = new KafkaTestTopics(stack.kafkaBootstrap());
        StoreReader stored = new StoreReader(stack)) {
      for (var topic : Topics.all()) {
        kafka.createExactly(prefix + topic.name(), 1);
      }
      for (Quote q : quotes) {
        kafka.send(prefix + Topics.MD_QUOTES.name(), q.getInstrument(), q);
      }
      for (Order o : orders) {
        kafka.send(prefix + Topics.EXEC_ORDERS.name(), o.getInstrument(), o);
      }
      for (Fill f : fills) {
        kafka.send(prefix + Topics.EXEC_FILLS.name(), f.getInstrument(), f);
      }

      JobClient job = startPipeline(stack, prefix, config);
      try {
        assertSignalsStored(stored, expected.signals);
        assertSpreadStatsStored(stored, expected.stats);
        assertInfluxSeries(stored, expected, quotes);
        assertExecutionStored(stored, run, orders, fills);
        assertConfigReachesSpreadJob(kafka, stored, prefix);
        assertConfigReachesRiskJob(kafka, stored, prefix);
      } finally {
        job.cancel().get();
      }
    }
  }

  private JobClient startPipeline(StackEndpoints stack, String prefix, Path config)
      throws Exception {
    PipelineLiveCommand command = new PipelineLiveCommand();
    new CommandLine(command)
        .parseArgs(
            "--bootstrap-servers",
            stack.kafkaBootstrap(),
            "--topic-prefix",
            prefix,
            "--group-id",
            prefix + "pipeline",
            "--from-earliest",
            "--config",
            config.toString(),
            "--watermark-bound-ms",
            "20",
            "--risk-watermark-bound-ms",
            "20",
            "--risk-window-size-ms",
            "2000",
            "--risk-window-slide-ms",
            "1000");
    ResultStores stores = ResultStores.fromEnv(StackEnv.of(stack), true, true);
    stores.verify();
    StreamExecutionEnvironment env = JobEnvironment.create(Duration.ofSeconds(2));
    env.setParallelism(1);
    command.job(stores, false).build(env);
    return env.executeAsync("pipeline it");
  }

  private static void assertSignalsStored(StoreReader stored, List<Signal> expected)
      throws Exception {
    Set<String> ids = expected.stream().map(Signal::getSignalId).collect(Collectors.toSet());
    List<Map<String, Object>> rows =
        StoreReader.await(
            () ->
                stored.rows(
                    "SELECT * FROM signals WHERE instrument = 'BTC-USDT' AND event_time"
                        + PG_PHASE_ONE),
            r -> r.size() >= ids.size(),
            STORED);

    Map<String, Map<String, Object>> byId =
        rows.stream().collect(Collectors.toMap(r -> (String) r.get("signal_id"), r -> r));
    assertThat(byId.keySet()).isEqualTo(ids);
    for (Signal s : expected) {
      Map<String, Object> row = byId.get(s.getSignalId());
      assertThat(row.get("buy_venue")).isEqualTo(s.getBuyVenue().name());
      assertThat(row.get("sell_venue")).isEqualTo(s.getSellVenue().name());
      assertThat(row.get("buy_price"))
          .isEqualTo(BigDecimal.valueOf(s.getBuyPrice(), s.getPriceScale()));
      assertThat(row.get("sell_price"))
          .isEqualTo(BigDecimal.valueOf(s.getSellPrice(), s.getPriceScale()));
      assertThat(row.get("qty")).isEqualTo(BigDecimal.valueOf(s.getQty(), s.getSizeScale()));
      assertThat((Double) row.get("net_bps")).isEqualTo(s.getNetBps());
      assertThat((Long) row.get("config_version")).isZero();
    }
  }

  private static void assertSpreadStatsStored(StoreReader stored, List<SpreadStat> expected)
      throws Exception {
    List<Map<String, Object>> rows =
        StoreReader.await(
            () ->
                stored.rows(
                    "SELECT buy_venue, sell_venue, interval_start, samples, min_net_bps,"
                        + " max_net_bps, last_net_bps, ms_above_threshold,"
                        + " (extract(epoch from interval_start) * 1000000)::bigint AS start_us"
                        + " FROM spread_stats WHERE instrument = 'BTC-USDT' AND interval_start"
                        + PG_PHASE_ONE),
            r -> r.size() >= expected.size(),
            STORED);

    Function<Map<String, Object>, String> rowKey =
        r -> r.get("buy_venue") + ">" + r.get("sell_venue") + "@" + r.get("start_us");
    Map<String, Map<String, Object>> byKey =
        rows.stream().collect(Collectors.toMap(rowKey, r -> r));
    assertThat(byKey).hasSize(expected.size());
    for (SpreadStat s : expected) {
      Map<String, Object> row = byKey.get(s.buyVenue + ">" + s.sellVenue + "@" + s.windowStartUs);
      assertThat(row).as("spread_stats row of %s", s).isNotNull();
      assertThat(row.get("samples")).isEqualTo(s.evaluations);
      assertThat((Double) row.get("min_net_bps")).isEqualTo(s.minNetBps);
      assertThat((Double) row.get("max_net_bps")).isEqualTo(s.maxNetBps);
      assertThat((Double) row.get("last_net_bps")).isEqualTo(s.lastNetBps);
      assertThat(row.get("ms_above_threshold")).isEqualTo(s.aboveThresholdUs / 1_000L);
    }
  }

  private static void assertInfluxSeries(StoreReader stored, Replay expected, List<Quote> quotes)
      throws Exception {
    // One opportunities point per (pair, event time); one spreads point per pair and interval.
    long opportunities =
        expected.signals.stream()
            .map(s -> s.getBuyVenue() + ">" + s.getSellVenue() + "@" + s.getEventTimeUs())
            .distinct()
            .count();
    assertThat(
            countOf(
                stored,
                "SELECT count(net_bps) FROM opportunities WHERE instrument = 'BTC-USDT'"
                    + INFLUX_PHASE_ONE,
                opportunities))
        .isEqualTo(opportunities);
    long samples = expected.stats.stream().mapToLong(s -> s.evaluations).sum();
    assertThat(
            countOf(
                stored,
                "SELECT sum(samples) FROM spreads WHERE instrument = 'BTC-USDT'" + INFLUX_PHASE_ONE,
                samples))
        .isEqualTo(samples);
    assertThat(
            countOf(
                stored,
                "SELECT count(samples) FROM spreads WHERE instrument = 'BTC-USDT'"
                    + INFLUX_PHASE_ONE,
                expected.stats.size()))
        .isEqualTo(expected.stats.size());
    // quotes: the last quote of every venue and second (INFLUX_QUOTE_SAMPLE_MS = 1000).
    Set<String> buckets = new HashSet<>();
    for (Quote q : quotes) {
      if (q.getInstrument().equals("BTC-USDT")) {
        buckets.add(q.getVenue() + "@" + Math.floorDiv(q.getExchangeTimeUs(), SECOND_US));
      }
    }
    assertThat(
            countOf(
                stored,
                "SELECT count(bid) FROM quotes WHERE instrument = 'BTC-USDT'" + INFLUX_PHASE_ONE,
                buckets.size()))
        .isEqualTo(buckets.size());
    // RiskJob's window metrics: volatility per venue and window, at least one per venue.
    List<List<Object>> volatility =
        StoreReader.await(
            () ->
                stored.influx(
                    "SELECT count(volatility_bps) FROM risk_metrics"
                        + " WHERE scope_key = 'BTC-USDT'"
                        + INFLUX_PHASE_ONE
                        + " GROUP BY venue"),
            r -> r.size() == 3,
            STORED);
    assertThat(volatility).hasSize(3);
  }

  private static void assertExecutionStored(
      StoreReader stored, String run, List<Order> orders, List<Fill> fills) throws Exception {
    List<Map<String, Object>> orderRows =
        StoreReader.await(
            () ->
                stored.rows(
                    "SELECT * FROM orders WHERE signal_id = '"
                        + run
                        + "sig' ORDER BY client_order_id, revision"),
            r -> r.size() >= orders.size(),
            STORED);
    assertThat(orderRows)
        .extracting(r -> r.get("client_order_id") + "#" + r.get("revision"))
        .containsExactlyElementsOf(
            orders.stream().map(o -> o.getClientOrderId() + "#" + o.getRevision()).toList());
    assertThat(orderRows)
        .extracting(r -> r.get("price"))
        .containsExactlyElementsOf(
            orders.stream().map(o -> BigDecimal.valueOf(o.getPrice(), o.getPriceScale())).toList());
    List<Map<String, Object>> fillRows =
        StoreReader.await(
            () ->
                stored.rows(
                    "SELECT * FROM fills WHERE signal_id = '" + run + "sig' ORDER BY fill_id"),
            r -> r.size() >= fills.size(),
            STORED);
    assertThat(fillRows)
        .extracting(r -> r.get("fill_id") + "=" + r.get("qty"))
        .containsExactlyElementsOf(
            fills.stream()
                .map(f -> f.getFillId() + "=" + BigDecimal.valueOf(f.getQty(), f.getSizeScale()))
                .toList());
    assertThat(
            countOf(
                stored,
                "SELECT count(signal_to_status_us) FROM order_latency WHERE instrument = 'BTC-USDT'"
                    + INFLUX_PHASE_ONE,
                6))
        .isEqualTo(orders.size());
  }

  /**
   * A strategies change on the pipeline's config.strategies (min edge -100 bps: every fresh pair
   * qualifies) makes SpreadJob signal under its version, stored in PostgreSQL.
   */
  private static void assertConfigReachesSpreadJob(
      KafkaTestTopics kafka, StoreReader stored, String prefix) throws Exception {
    long version = System.currentTimeMillis() * 1_000L;
    kafka.send(
        prefix + Topics.CONFIG_STRATEGIES.name(),
        "xarb|BTC-USDT",
        SpreadFixtures.strategyChange(version, "-100.0000"));
    String sql = "SELECT * FROM signals WHERE config_version = " + version;
    List<Map<String, Object>> rows = List.of();
    for (int batch = 0; batch < 120 && rows.isEmpty(); batch++) {
      long t = (100 + batch) * SECOND_US;
      for (Quote q :
          List.of(
              recent(SpreadFixtures.flat(Venue.BINANCE, t, 1_000 + batch)),
              recent(SpreadFixtures.flat(Venue.OKX, t, 1_000 + batch)),
              other("SOL-USDT", t + 500_000L, 1_000 + batch, 1_000_000L))) {
        kafka.send(prefix + Topics.MD_QUOTES.name(), q.getInstrument(), q);
      }
      rows = StoreReader.await(() -> stored.rows(sql), r -> !r.isEmpty(), Duration.ofSeconds(1));
    }
    // Flat quotes 1 bps wide, 10 bps fee per side: net -21 bps, a signal only under min edge -100.
    assertThat(rows).isNotEmpty();
    assertThat((Double) rows.get(0).get("net_bps")).as("%s", rows).isCloseTo(-21.0, within(0.01));
  }

  /**
   * A new risk limit on config.risk_limits (ETH-USDT quoted spread, halt above 0.0002 bps) makes
   * RiskJob halt ETH-USDT under the change's version: on risk.state and in risk_events.
   */
  private static void assertConfigReachesRiskJob(
      KafkaTestTopics kafka, StoreReader stored, String prefix) throws Exception {
    long version = System.currentTimeMillis() * 1_000L + 1;
    kafka.send(
        prefix + Topics.CONFIG_RISK_LIMITS.name(),
        "INSTRUMENT|ETH-USDT|spread_bps",
        riskLimitChange(version, "ETH-USDT", "spread_bps", "0.0001", "0.0002"));
    String states = prefix + Topics.RISK_STATE.name();
    List<RiskState> halts = List.of();
    for (int batch = 0; batch < 120 && halts.isEmpty(); batch++) {
      long t = (300 + batch) * SECOND_US;
      kafka.send(
          prefix + Topics.MD_QUOTES.name(), "ETH-USDT", other("ETH-USDT", t, batch + 1, 300_000L));
      kafka.send(
          prefix + Topics.MD_QUOTES.name(),
          "SOL-USDT",
          other("SOL-USDT", t + 900_000L, 2_000 + batch, 1_000_000L));
      halts =
          kafka
              .readUntil(
                  states,
                  RiskState.class,
                  l -> l.stream().anyMatch(s -> s.getConfigVersion() == version),
                  Duration.ofSeconds(1))
              .stream()
              .filter(s -> s.getConfigVersion() == version)
              .toList();
    }
    assertThat(halts)
        .first()
        .satisfies(
            s -> {
              assertThat(s.getScopeKey()).isEqualTo("ETH-USDT");
              assertThat(s.getLevel()).isEqualTo(RiskLevel.HALT);
              assertThat(s.getMetric()).isEqualTo("spread_bps");
            });
    // The row of that transition (its natural key; an earlier run may have written it first).
    long haltUs = halts.get(0).getEventTimeUs();
    List<Map<String, Object>> events =
        StoreReader.await(
            () ->
                stored.rows(
                    "SELECT level, metric FROM risk_events WHERE scope_key = 'ETH-USDT'"
                        + " AND level = 'HALT' AND event_time = '"
                        + Instant.ofEpochSecond(0, haltUs * 1_000L)
                        + "'"),
            r -> !r.isEmpty(),
            STORED);
    assertThat(events).extracting(r -> r.get("metric")).containsExactly("spread_bps");
  }

  private static long countOf(StoreReader stored, String influxQl, long expected) throws Exception {
    List<List<Object>> rows =
        StoreReader.await(
            () -> stored.influx(influxQl),
            r -> !r.isEmpty() && ((Number) r.get(0).get(1)).longValue() == expected,
            STORED);
    return rows.isEmpty() ? 0 : ((Number) rows.get(0).get(1)).longValue();
  }

  /** What `jobs spread --input` computes from the same quotes: the reference of this test. */
  private Replay replay(List<Quote> quotes, Path config) throws Exception {
    Path input = dir.resolve("quotes.jsonl");
    Path signals = dir.resolve("signals.jsonl");
    Path stats = dir.resolve("stats.jsonl");
    Files.write(input, quotes.stream().map(JsonLines::toLine).toList());
    int exit =
        new CommandLine(new JobsCli())
            .execute(
                "spread",
                "--input",
                input.toString(),
                "--output",
                signals.toString(),
                "--stats-output",
                stats.toString(),
                "--config",
                config.toString(),
                "--watermark-bound-ms",
                "20");
    assertThat(exit).isZero();
    ObjectMapper json = new ObjectMapper();
    List<SpreadStat> statRows = new ArrayList<>();
    for (String line : Files.readAllLines(stats)) {
      statRows.add(json.readValue(line, SpreadStat.class));
    }
    return new Replay(
        Files.readAllLines(signals).stream()
            .map(l -> JsonLines.parseLine(l, Signal.class))
            .toList(),
        statRows);
  }

  private record Replay(List<Signal> signals, List<SpreadStat> stats) {}

  /** BTC-USDT on three venues, ~2 s of event time, shuffled within the 20 ms bound. */
  private static List<Quote> marketQuotes() {
    return ShuffledArrival.within(
            SpreadFixtures.randomWalk(new Random(21), 600), 20_000L, new Random(4))
        .stream()
        .map(PipelineIT::recent)
        .toList();
  }

  private static Quote recent(Quote q) {
    return Quote.newBuilder(q)
        .setExchangeTimeUs(q.getExchangeTimeUs() + SHIFT_US)
        .setReceiveTimeNs(q.getReceiveTimeNs() + SHIFT_US * 1_000L)
        .build();
  }

  /** A BINANCE quote of another instrument, bid {@code bid} (scale 4), ask 2 bps above. */
  private static Quote other(String instrument, long offsetUs, long sequence, long bid) {
    Quote q = recent(SpreadFixtures.flat(Venue.BINANCE, offsetUs, sequence));
    q.setInstrument(instrument);
    q.setVenueSymbol(instrument.replace("-", ""));
    q.setBidPrice(bid);
    q.setAskPrice(bid + bid * 2 / 10_000);
    return q;
  }

  private static ConfigChange riskLimitChange(
      long version, String instrument, String metric, String warn, String halt) {
    return ConfigChange.newBuilder()
        .setTable("risk_limits")
        .setKey("INSTRUMENT|" + instrument + "|" + metric)
        .setOp(ChangeOp.UPDATE)
        .setAfter(
            Map.of(
                "scope", "INSTRUMENT",
                "scope_key", instrument,
                "metric", metric,
                "warn_value", warn,
                "halt_value", halt))
        .setVersion(version)
        .setCommitTimeUs(SpreadFixtures.BEGINNING_US)
        .build();
  }

  private static Order order(String run, int i) {
    long timeUs = SpreadFixtures.BEGINNING_US + SHIFT_US + i * 1_000L;
    return Order.newBuilder()
        .setClientOrderId(run + "co-" + (i / 2))
        .setRevision(i % 2)
        .setSignalId(run + "sig")
        .setInstrument("BTC-USDT")
        .setVenue(i % 4 < 2 ? Venue.BINANCE : Venue.OKX)
        .setVenueSymbol("BTCUSDT")
        .setSide(i % 4 < 2 ? Side.BUY : Side.SELL)
        .setOrderType(OrderType.LIMIT)
        .setTimeInForce(TimeInForce.IOC)
        .setPriceScale(4)
        .setSizeScale(8)
        .setPrice(1_000_100L + i)
        .setQty(5_000_000L)
        .setFilledQty(i % 2 == 0 ? 0 : 5_000_000L)
        .setAvgFillPrice(i % 2 == 0 ? 0 : 1_000_100L + i)
        .setStatus(i % 2 == 0 ? OrderStatus.NEW : OrderStatus.FILLED)
        .setReason(null)
        .setVenueOrderId(i % 2 == 0 ? null : "v-" + i)
        .setMode(TradingMode.PAPER)
        .setSignalTimeUs(timeUs)
        .setEventTimeNs(timeUs * 1_000L + 250_000L + i)
        .build();
  }

  private static Fill fill(String run, int i) {
    long timeUs = SpreadFixtures.BEGINNING_US + SHIFT_US + i * 1_000L + 500L;
    return Fill.newBuilder()
        .setFillId(run + "f-" + i)
        .setClientOrderId(run + "co-" + i)
        .setSignalId(run + "sig")
        .setInstrument("BTC-USDT")
        .setVenue(i % 2 == 0 ? Venue.BINANCE : Venue.OKX)
        .setSide(i % 2 == 0 ? Side.BUY : Side.SELL)
        .setPriceScale(4)
        .setSizeScale(8)
        .setPrice(1_000_100L + i)
        .setQty(2_500_000L + i)
        .setFeeScale(8)
        .setFee(2_500L)
        .setFeeAsset("USDT")
        .setLiquidity(Liquidity.TAKER)
        .setMode(TradingMode.PAPER)
        .setExchangeTimeUs(timeUs)
        .setReceiveTimeNs(timeUs * 1_000L + 90_000L)
        .build();
  }
}
