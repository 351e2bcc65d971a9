package io.deepalpha.jobs.it;

import static io.deepalpha.jobs.savepoint.RiskSavepointFixture.BEGINNING_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.risk.MarketRiskStats;
import io.deepalpha.jobs.risk.RiskJob;
import io.deepalpha.jobs.risk.RiskMetric;
import io.deepalpha.jobs.savepoint.FixtureRecipe;
import io.deepalpha.jobs.savepoint.RiskSavepointFixture;
import io.deepalpha.jobs.savepoint.RiskSavepointFixture.Collected;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskLevel;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.Venue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores a RiskJob savepoint written before the market windows became {@code MarketWindows}
 * (commit 88afb60: Flink's sliding {@code WindowOperator}, state {@code window-contents} and timers
 * {@code window-timers} under the same uid) into the current job, at the same offsets, then feeds
 * the events after the cut. The fixture, its expected values and how it was made: {@code
 * src/test/resources/savepoints/README.md}.
 */
@WithLocalStack
class PreviousRiskSavepointIT {
  private static final Path FIXTURE = Path.of("src/test/resources/savepoints/risk-88afb60");
  private static final double EPS = 1e-9;

  /** Fills after the cut, between quotes (a quote's metrics never share a fill's event time). */
  private static final Fill FIFTH =
      RiskSavepointFixture.fill(Venue.BINANCE, 14_100, Side.BUY, 1_003_000L, 2_000_000L, 200_000L);

  private static final Fill SIXTH =
      RiskSavepointFixture.fill(Venue.BINANCE, 20_100, Side.BUY, 1_000_000L, 2_000_000L, 200_000L);

  /** Quotes and trades after the cut: to 40 s, then one of each at 60 s to close the windows. */
  private static final int LAST = 40;

  private static final int FLUSH = 60;

  @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.cluster();

  @TempDir Path dir;

  @Test
  void positionsLimitsAndOpenWindowsOfTheWindowOperatorVersionContinueAfterTheUpgrade(
      StackEndpoints stack) throws Exception {
    assertThat(Files.readAllLines(FIXTURE.resolve("states-before.txt")))
        .singleElement()
        .asString()
        .contains("\"level\": \"WARN\"", "\"previousLevel\": \"OK\"", "\"value\": 0.1,");
    Path savepoint = FixtureRecipe.copySavepoint(FIXTURE, dir);
    String bootstrap = stack.kafkaBootstrap();
    Collected<MarketRiskStats> windows = new Collected<>("previous-risk-windows");
    Collected<RiskMetric> metrics = new Collected<>("previous-risk-metrics");
    windows.clear();
    metrics.clear();

    RiskSavepointFixture.recreateTopics(bootstrap);
    List<Quote> quotes = new ArrayList<>(RiskSavepointFixture.quotesBeforeTheCut());
    List<Trade> trades = new ArrayList<>(RiskSavepointFixture.tradesBeforeTheCut());
    try (KafkaTestTopics kafka = new KafkaTestTopics(bootstrap)) {
      // The same records at the same offsets as when the savepoint was taken, then the rest.
      for (int i = RiskSavepointFixture.LAST_QUOTE_BEFORE_CUT + 1; i <= FLUSH; i++) {
        if (i <= LAST || i == FLUSH) {
          quotes.add(RiskSavepointFixture.quote(Venue.BINANCE, i));
          quotes.add(RiskSavepointFixture.quote(Venue.KRAKEN, i));
        }
      }
      for (int i = RiskSavepointFixture.LAST_TRADE_BEFORE_CUT + 1; i <= FLUSH; i++) {
        if (i < LAST || i == FLUSH) {
          trades.add(RiskSavepointFixture.trade(i));
        }
      }
      List<Fill> fills = new ArrayList<>(RiskSavepointFixture.fillsBeforeTheCut());
      fills.add(FIFTH);
      fills.add(SIXTH);
      for (Fill f : fills) {
        kafka.send(RiskSavepointFixture.FILLS_TOPIC, RiskSavepointFixture.STRATEGY, f);
      }
      for (Quote q : quotes) {
        kafka.send(RiskSavepointFixture.QUOTES_TOPIC, q.getInstrument(), q);
      }
      for (Trade t : trades) {
        kafka.send(RiskSavepointFixture.TRADES_TOPIC, t.getInstrument(), t);
      }

      Configuration restore = new Configuration();
      restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toUri().toString());
      StreamExecutionEnvironment env = JobEnvironment.create(Duration.ZERO, restore);
      env.setParallelism(1);
      RiskJob.Outputs outputs = RiskSavepointFixture.job(bootstrap, windows).build(env);
      outputs.metrics().sinkTo(metrics).uid("it-risk-metrics").name("it risk metrics");
      JobClient restored = env.executeAsync("risk restored from the window operator version");
      List<RiskState> states;
      JobStatus status;
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (windows.values().stream().filter(w -> w.windowEndMs == at(50_000)).count() < 2) {
          if (restored.getJobStatus().get().isGloballyTerminalState()) {
            restored.getJobExecutionResult().get(); // throws the job's failure
          }
          assertThat(System.nanoTime() - deadline).as("windows up to 50 s").isNegative();
          Thread.sleep(200);
        }
        states =
            kafka.readUntil(
                RiskSavepointFixture.STATES_TOPIC,
                RiskState.class,
                l -> false,
                Duration.ofSeconds(2));
        status = restored.getJobStatus().get();
      } finally {
        restored.cancel().get();
      }

      // Eight watermarks' worth of windows later, the job still runs.
      assertThat(status).isEqualTo(JobStatus.RUNNING);
      assertPositionsContinue(metrics.values());
      // The restored WARN is not re-announced at the fifth fill (0.11, still WARN); the sixth
      // (0.13 >= 0.12) moves it on from WARN.
      assertThat(states).hasSize(1);
      RiskState halt = states.get(0);
      assertThat(halt.getScope()).isEqualTo(RiskScope.INSTRUMENT);
      assertThat(halt.getScopeKey()).isEqualTo("BTC-USDT");
      assertThat(halt.getPreviousLevel()).isEqualTo(RiskLevel.WARN);
      assertThat(halt.getLevel()).isEqualTo(RiskLevel.HALT);
      assertThat(halt.getMetric()).isEqualTo("position");
      assertThat(halt.getValue()).isCloseTo(0.13, within(EPS));
      assertThat(halt.getEventTimeUs()).isEqualTo(SIXTH.getExchangeTimeUs());
      assertWindowsContinue(windows.values(), quotes, trades);
    }
  }

  /**
   * Before the cut: BINANCE 0.08 @ 100.10, OKX 0.01 @ 100.50, realized 0.027, peak 0.020 (README).
   * The fifth fill buys 0.02 @ 100.30 (fee 0.002): BINANCE 0.10 @ 100.14, realized 0.025,
   * unrealized 0.10·(100.00 − 100.14) = −0.014, PnL 0.011, drawdown 0.020 − 0.011 = 0.009.
   */
  private static void assertPositionsContinue(List<RiskMetric> all) {
    List<RiskMetric> fifth =
        all.stream().filter(m -> m.eventTimeUs == FIFTH.getExchangeTimeUs()).toList();
    assertThat(fifth)
        .extracting(m -> m.scope + ":" + m.scopeKey + " " + m.metric + "@" + m.source)
        .containsExactlyInAnyOrder(
            "INSTRUMENT:BTC-USDT position@*",
            "VENUE:BINANCE exposure@xarb",
            "VENUE:OKX exposure@xarb",
            "STRATEGY:xarb drawdown@*",
            "GLOBAL:* loss@xarb",
            "GLOBAL:* exposure@xarb");
    assertThat(value(fifth, "INSTRUMENT", "position")).isCloseTo(0.11, within(EPS));
    assertThat(value(fifth, "VENUE:BINANCE", "exposure")).isCloseTo(0.10 * 100.00, within(EPS));
    assertThat(value(fifth, "VENUE:OKX", "exposure")).isCloseTo(0.01 * 100.50, within(EPS));
    assertThat(value(fifth, "GLOBAL", "exposure")).isCloseTo(11.005, within(EPS));
    assertThat(value(fifth, "STRATEGY", "drawdown")).isCloseTo(0.009, within(EPS));
    assertThat(value(fifth, "GLOBAL", "loss")).isCloseTo(0.0, within(EPS));
    // The sixth buys 0.02 @ 100.00: BINANCE 0.12 @ 100.11667, realized 0.023, unrealized -0.014.
    List<RiskMetric> sixth =
        all.stream().filter(m -> m.eventTimeUs == SIXTH.getExchangeTimeUs()).toList();
    assertThat(value(sixth, "INSTRUMENT", "position")).isCloseTo(0.13, within(EPS));
    assertThat(value(sixth, "GLOBAL", "exposure")).isCloseTo(13.005, within(EPS));
    assertThat(value(sixth, "STRATEGY", "drawdown")).isCloseTo(0.011, within(EPS));
  }

  private static double value(List<RiskMetric> metrics, String scope, String metric) {
    return metrics.stream()
        .filter(m -> (m.scope + ":" + m.scopeKey).startsWith(scope) && m.metric.equals(metric))
        .findFirst()
        .orElseThrow()
        .value;
  }

  /**
   * The windows open at the cut (ending at 15 and 20 s) hold the events from before it as well
   * (migrated, not rebuilt from empty), the ones the old version emitted (ending at 5 and 10 s) are
   * not emitted again, and every window up to 50 s equals its statistics computed directly from all
   * the events in it.
   */
  private static void assertWindowsContinue(
      List<MarketRiskStats> windows, List<Quote> quotes, List<Trade> trades) {
    for (String venue : List.of("BINANCE", "KRAKEN")) {
      List<MarketRiskStats> ofVenue =
          windows.stream()
              .filter(w -> w.venue.equals(venue) && w.windowEndMs <= at(50_000))
              .sorted(Comparator.comparingLong(w -> w.windowEndMs))
              .toList();
      assertThat(ofVenue)
          .extracting(w -> w.windowEndMs - BEGINNING_MS)
          .containsExactlyElementsOf(
              LongStream.rangeClosed(3, 10).map(k -> k * 5_000L).boxed().toList());
      for (MarketRiskStats w : ofVenue) {
        MarketRiskStats expected = direct(venue, quotes, trades, w.windowStartMs, w.windowEndMs);
        assertThat(w.quotes).as("quotes of %s", w).isEqualTo(expected.quotes);
        assertThat(w.trades).as("trades of %s", w).isEqualTo(expected.trades);
        assertThat(w.volume).as("volume of %s", w).isCloseTo(expected.volume, within(EPS));
        assertThat(w.vwap).as("vwap of %s", w).isCloseTo(expected.vwap, within(EPS));
        assertThat(w.volatilityBps)
            .as("volatility of %s", w)
            .isCloseTo(expected.volatilityBps, within(EPS));
        assertThat(w.spreadBpsMin).as("%s", w).isCloseTo(expected.spreadBpsMin, within(EPS));
        assertThat(w.spreadBpsMedian).as("%s", w).isCloseTo(expected.spreadBpsMedian, within(EPS));
        assertThat(w.spreadBpsP90).as("%s", w).isCloseTo(expected.spreadBpsP90, within(EPS));
        assertThat(w.spreadBpsMax).as("%s", w).isCloseTo(expected.spreadBpsMax, within(EPS));
      }
    }
    // [5 s, 15 s): 8 of the 10 quotes and 7 of the 10 trades came before the cut.
    MarketRiskStats binance = window(windows, "BINANCE", 15_000);
    assertThat(binance.quotes).isEqualTo(10);
    assertThat(binance.trades).isEqualTo(10);
    assertThat(binance.volume)
        .isCloseTo(0.01 * (6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15), within(EPS));
    assertThat(binance.spreadBpsMin).isCloseTo(1.0, within(1e-6));
    assertThat(binance.spreadBpsMax).isCloseTo(3.0, within(1e-6));
    MarketRiskStats kraken = window(windows, "KRAKEN", 15_000);
    // 10 quotes alternating 100.00 / 100.05: 9 returns of ln(100.05 / 100.00).
    assertThat(kraken.quotes).isEqualTo(10);
    assertThat(kraken.volatilityBps)
        .isCloseTo(Math.sqrt(9) * Math.abs(Math.log(100.05 / 100.00)) * 10_000, within(1e-9));
  }

  private static MarketRiskStats window(List<MarketRiskStats> windows, String venue, long endMs) {
    return windows.stream()
        .filter(w -> w.venue.equals(venue) && w.windowEndMs == at(endMs))
        .findFirst()
        .orElseThrow();
  }

  /** The statistics of one window by their definition (README), from the sorted events. */
  private static MarketRiskStats direct(
      String venue, List<Quote> quotes, List<Trade> trades, long startMs, long endMs) {
    MarketRiskStats s = new MarketRiskStats();
    List<Quote> in =
        quotes.stream()
            .filter(q -> q.getVenue().name().equals(venue))
            .filter(q -> inWindow(q.getExchangeTimeUs(), startMs, endMs))
            .sorted(Comparator.comparingLong(Quote::getExchangeTimeUs))
            .toList();
    double sumSquares = 0;
    double[] spreads = new double[in.size()];
    for (int i = 0; i < in.size(); i++) {
      double bid = in.get(i).getBidPrice() / 10_000.0;
      double ask = in.get(i).getAskPrice() / 10_000.0;
      double mid = (bid + ask) / 2;
      spreads[i] = (ask - bid) / mid * 10_000;
      if (i > 0) {
        Quote p = in.get(i - 1);
        double r = Math.log(mid / ((p.getBidPrice() + p.getAskPrice()) / 10_000.0 / 2));
        sumSquares += r * r;
      }
    }
    s.quotes = in.size();
    s.volatilityBps = Math.sqrt(sumSquares) * 10_000;
    double notional = 0;
    for (Trade t : trades) {
      if (t.getVenue().name().equals(venue) && inWindow(t.getExchangeTimeUs(), startMs, endMs)) {
        s.trades++;
        s.volume += t.getSize() / 1e8;
        notional += t.getPrice() / 10_000.0 * (t.getSize() / 1e8);
      }
    }
    s.vwap = s.volume > 0 ? notional / s.volume : 0;
    if (spreads.length > 0) {
      Arrays.sort(spreads);
      s.spreadBpsMin = spreads[0];
      s.spreadBpsMax = spreads[spreads.length - 1];
      s.spreadBpsMedian = spreads[(int) Math.ceil(0.5 * spreads.length) - 1];
      s.spreadBpsP90 = spreads[(int) Math.ceil(0.9 * spreads.length) - 1];
    }
    return s;
  }

  private static boolean inWindow(long timeUs, long startMs, long endMs) {
    long ms = Math.floorDiv(timeUs, 1_000L);
    return ms >= startMs && ms < endMs;
  }

  private static long at(long offsetMs) {
    return BEGINNING_MS + offsetMs;
  }
}
