package io.deepalpha.ingest.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.CollectingSink;
import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.venue.binance.BinanceAdapter;
import io.deepalpha.model.event.Venue;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Binance REST request weight against the simulator, whose {@code /api/v3/depth} reports {@code
 * X-MBX-USED-WEIGHT-1M} and answers 429 with {@code Retry-After} on demand: no snapshot request
 * reaches the host before a 429's Retry-After has passed, a request that would go over the minute's
 * weight is held until the next minute, and the books sync afterwards.
 */
class BinanceRestWeightSimulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");

  private final IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
  private SimulatedMarket market;
  private VenueConnector connector;
  private BinanceAdapter adapter;

  @BeforeEach
  void startSimulator() throws Exception {
    market = new SimulatedMarket();
  }

  @AfterEach
  void stop() {
    market.close();
  }

  @Test
  void noSnapshotRequestBeforeA429sRetryAfterHasPassedThenTheBooksSync() throws Exception {
    awaitMinuteWithRoomFor(Duration.ofSeconds(15)); // the weight below is one minute's
    market.simulator.failDepthRequests(1, 429, 2);

    connect(RequestWeightGate.DEFAULT_LIMIT_1M, System::currentTimeMillis);
    await(() -> synced("BTCUSDT") && synced("ETHUSDT"), "both books synced");

    List<Long> arrivals = market.simulator.depthRequestTimes();
    assertThat(arrivals).as("the 429, then one snapshot per symbol").hasSize(3);
    long first = arrivals.get(0);
    for (long later : arrivals.subList(1, arrivals.size())) {
      assertThat(Duration.ofNanos(later - first))
          .as("no request before Retry-After: 2 passed")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
    assertThat(metrics.restRateLimited.labelValues("BINANCE", "429").get()).isEqualTo(1.0);
    assertThat(metrics.restHeldBack.labelValues("BINANCE", "rate-limited").get())
        .as("both symbols' requests waited for the Retry-After")
        .isEqualTo(2.0);
    assertThat(metrics.snapshotFailures.labelValues("BINANCE", "429").get()).isEqualTo(1.0);
    assertThat(metrics.restUsedWeight.labelValues("BINANCE").get())
        .as("3 requests of weight 50, as the last answer reported")
        .isEqualTo(150.0);
    assertThat(metrics.restWeightLimit.labelValues("BINANCE").get()).isEqualTo(6_000.0);
    assertThat(connector.handshakes()).isEqualTo(1);
  }

  @Test
  void aRequestThatWouldExceedTheMinutesWeightIsHeldUntilTheNextMinute() throws Exception {
    awaitMinuteWithRoomFor(Duration.ofSeconds(20)); // the venue's weight below is one minute's
    // Another client of the IP used nearly the whole limit; the first answer reports it.
    market.simulator.useWeight(5_960);
    AtomicLong shiftMs = new AtomicLong(); // the gate's clock, moved to the next minute below
    connect(6_000, () -> System.currentTimeMillis() + shiftMs.get());

    await(() -> synced("BTCUSDT") || synced("ETHUSDT"), "the first book synced");
    assertThat(metrics.restUsedWeight.labelValues("BINANCE").get()).isEqualTo(6_010.0);
    await(
        () -> metrics.restHeldBack.labelValues("BINANCE", "weight").get() == 1.0,
        "the second request counted as held back");
    Thread.sleep(1_500); // the gate is asked again every second: still held within the minute
    assertThat(market.simulator.depthRequests()).as("the second request is held").isEqualTo(1);
    assertThat(
            connector.instrumentChecks().values().stream()
                .map(check -> check.notReadyReason())
                .filter(java.util.Objects::nonNull))
        .as("/ready says why the unsynced book waits")
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .matches(
            "book not in sync: book needs a REST snapshot; waiting for a fresh snapshot \\(snapshot"
                + " held back: request weight 6010 of 6000 used this minute until [0-9T:.-]+Z\\)");

    long now = System.currentTimeMillis();
    shiftMs.set(60_000 - Math.floorMod(now, 60_000L) + 1_000);
    long nextMinuteNs = System.nanoTime();
    await(() -> synced("BTCUSDT") && synced("ETHUSDT"), "both books synced");

    List<Long> arrivals = market.simulator.depthRequestTimes();
    assertThat(arrivals).hasSize(2);
    assertThat(arrivals.get(1))
        .as("sent once the gate's minute was over")
        .isGreaterThan(nextMinuteNs);
    assertThat(metrics.restUsedWeight.labelValues("BINANCE").get()).isEqualTo(6_060.0);
    assertThat(metrics.restHeldBack.labelValues("BINANCE", "weight").get()).isEqualTo(1.0);
    assertThat(metrics.restRateLimited.labelValues("BINANCE", "429").get()).isZero();
  }

  private boolean synced(String symbol) {
    return adapter.bookUpdateId(symbol) >= 0;
  }

  private void connect(int weightLimit, java.util.function.LongSupplier clock) {
    adapter = (BinanceAdapter) SimulatedMarket.adapter(Venue.BINANCE);
    connector =
        market
            .connector(
                adapter, SYMBOLS, new CollectingSink(), SimulatedMarket.FAST_BACKOFF, metrics)
            .restWeightLimit(weightLimit)
            .restClock(clock);
    connector.start();
  }

  /** Waits until the current minute has at least {@code room} left. */
  private static void awaitMinuteWithRoomFor(Duration room) throws InterruptedException {
    long intoMinute = Math.floorMod(System.currentTimeMillis(), 60_000L);
    if (60_000 - intoMinute < room.toMillis()) {
      Thread.sleep(60_000 - intoMinute + 100);
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    SimulatedMarket.await(condition, what, WAIT);
  }
}
