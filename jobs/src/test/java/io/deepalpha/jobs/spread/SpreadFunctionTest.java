package io.deepalpha.jobs.spread;

import static io.deepalpha.jobs.spread.SpreadFixtures.BEGINNING_US;
import static io.deepalpha.jobs.spread.SpreadFixtures.MS;
import static io.deepalpha.jobs.spread.SpreadFixtures.bidAt;
import static io.deepalpha.jobs.spread.SpreadFixtures.flat;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.jobs.config.TradingConfig;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SpreadFunction} on Flink's operator harness: event-time buffering, ties, lateness, live
 * config, and state that returns to zero. Prices: flat = bid 100.0000 / ask 100.0100; OKX bid
 * 100.3000 gives net (100.3000 - 100.0100) / 100.0100 * 10_000 - 20 = 8.997 bps >= 5.
 */
class SpreadFunctionTest {
  private static final long OPPORTUNITY_BID = 1_003_000L;

  private final TradingConfig config = SpreadFixtures.config();

  @Test
  void quotesWaitForTheWatermarkAndAreAppliedInEventTimeOrder() throws Exception {
    try (SpreadHarness h = new SpreadHarness(config)) {
      // OKX (later) arrives before BINANCE (earlier); nothing is evaluated before the watermark.
      h.quote(bidAt(Venue.OKX, 20 * MS, 1, OPPORTUNITY_BID));
      h.quote(flat(Venue.BINANCE, 10 * MS, 1));
      assertThat(h.signals()).isEmpty();

      h.watermarkUs(BEGINNING_US + 20 * MS);

      assertThat(h.signals()).hasSize(1);
      Signal s = h.signals().get(0);
      assertThat(s.getBuyVenue()).isEqualTo(Venue.BINANCE);
      assertThat(s.getSellVenue()).isEqualTo(Venue.OKX);
      assertThat(s.getEventTimeUs()).isEqualTo(BEGINNING_US + 20 * MS);
      assertThat(s.getNetBps()).isEqualTo((1_003_000.0 - 1_000_100.0) * 10_000 / 1_000_100.0 - 20);
    }
  }

  @Test
  void quotesWithTheSameEventTimeAreAppliedVenueNameFirstWhateverTheirArrival() throws Exception {
    // Same microsecond: BINANCE (flat) and OKX (opportunity). By name BINANCE comes first, so the
    // signal is triggered by the OKX quote in both arrival orders.
    byte[] first;
    try (SpreadHarness h = new SpreadHarness(config)) {
      h.quote(flat(Venue.BINANCE, 0, 1));
      h.quote(bidAt(Venue.OKX, 0, 1, OPPORTUNITY_BID));
      h.watermarkUs(BEGINNING_US);
      first = h.signalBytes();
      assertThat(h.signals())
          .extracting(s -> s.getSignalId())
          .containsExactly(
              SignalIds.of(
                  "BTC-USDT",
                  Venue.BINANCE,
                  Venue.OKX,
                  bidAt(Venue.OKX, 0, 1, OPPORTUNITY_BID),
                  0));
    }
    try (SpreadHarness h = new SpreadHarness(config)) {
      h.quote(bidAt(Venue.OKX, 0, 1, OPPORTUNITY_BID));
      h.quote(flat(Venue.BINANCE, 0, 1));
      h.watermarkUs(BEGINNING_US);
      assertThat(h.signalBytes()).isEqualTo(first);
    }
  }

  @Test
  void lateQuoteGoesToTheSideOutputAndStillUpdatesTheLatestQuote() throws Exception {
    try (SpreadHarness h = new SpreadHarness(config)) {
      h.quote(bidAt(Venue.OKX, 100 * MS, 1, 1_000_000L)); // no edge yet
      h.watermarkUs(BEGINNING_US + 100 * MS);
      // BINANCE at 90 ms arrives after the watermark passed 100 ms: late
      Quote late =
          SpreadFixtures.quote(
              Venue.BINANCE, 90 * MS, 1, 990_000L, 100_000_000L, 990_100L, 100_000_000L);
      h.quote(late);
      assertThat(h.late())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.venue).isEqualTo("BINANCE");
                assertThat(e.eventTimeUs).isEqualTo(late.getExchangeTimeUs());
                assertThat(e.watermarkMs).isEqualTo((BEGINNING_US + 100 * MS) / 1_000);
              });
      assertThat(h.signals()).isEmpty(); // a late quote triggers nothing by itself

      // The next OKX quote evaluates against the late BINANCE ask 99.0100: net far above 5 bps.
      h.quote(bidAt(Venue.OKX, 110 * MS, 2, 1_000_000L));
      h.watermarkUs(BEGINNING_US + 110 * MS);

      assertThat(h.signals())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getBuyVenue()).isEqualTo(Venue.BINANCE);
                assertThat(s.getBuyPrice()).isEqualTo(990_100L);
              });
    }
  }

  @Test
  void configChangeTakesEffectAndSignalsRecordItsVersion() throws Exception {
    try (SpreadHarness h = new SpreadHarness(config)) {
      h.quote(flat(Venue.BINANCE, 0, 1));
      h.quote(bidAt(Venue.OKX, 0, 1, OPPORTUNITY_BID));
      h.watermarkUs(BEGINNING_US);
      assertThat(h.signals()).extracting(Signal::getConfigVersion).containsExactly(0L);

      h.config(SpreadFixtures.strategyChange(7_001L, "9.5000")); // 8.997 < 9.5: no edge
      h.quote(bidAt(Venue.OKX, 1_100 * MS, 2, OPPORTUNITY_BID));
      h.quote(flat(Venue.BINANCE, 1_100 * MS, 2));
      h.watermarkUs(BEGINNING_US + 1_100 * MS);
      assertThat(h.signals()).hasSize(1);

      h.config(SpreadFixtures.strategyChange(7_002L, "8.0000")); // 8.997 >= 8: edge again
      h.quote(bidAt(Venue.OKX, 1_200 * MS, 3, OPPORTUNITY_BID));
      h.watermarkUs(BEGINNING_US + 1_200 * MS);

      assertThat(h.signals()).extracting(Signal::getConfigVersion).containsExactly(0L, 7_002L);
    }
  }

  @Test
  void invalidConfigChangeIsRefusedAndTheOldConfigStays() throws Exception {
    try (SpreadHarness h = new SpreadHarness(config)) {
      h.config(SpreadFixtures.strategyChange(7_001L, "not-a-number"));
      h.quote(flat(Venue.BINANCE, 0, 1));
      h.quote(bidAt(Venue.OKX, 0, 1, OPPORTUNITY_BID));
      h.watermarkUs(BEGINNING_US);

      assertThat(h.signals()).extracting(Signal::getConfigVersion).containsExactly(0L);
    }
  }

  @Test
  void keyedStateAndTimersReturnToZeroOnceQuotesAreStale() throws Exception {
    try (SpreadHarness h = new SpreadHarness(config)) {
      h.quote(flat(Venue.BINANCE, 0, 1));
      h.quote(bidAt(Venue.OKX, 10 * MS, 1, OPPORTUNITY_BID));
      h.watermarkUs(BEGINNING_US + 10 * MS);
      assertThat(h.signals()).hasSize(1);
      assertThat(h.keyedStateEntries()).isPositive();
      assertThat(h.timers()).isPositive();

      // staleness 500 ms, statistics interval 1 s: past both, everything has left.
      h.watermarkUs(BEGINNING_US + 1_000 * MS);

      assertThat(h.stats()).hasSize(2); // BINANCE>OKX and OKX>BINANCE for [0, 1 s)
      assertThat(h.keyedStateEntries()).isZero();
      assertThat(h.timers()).isZero();
    }
  }

  @Test
  void anyArrivalOrderWithinTheBoundGivesByteIdenticalSignals() throws Exception {
    List<Quote> quotes = SpreadFixtures.randomWalk(new Random(7), 400);
    long boundMs = 20;
    byte[] expected = run(quotes, boundMs);
    assertThat(expected).isNotEmpty();

    for (int seed = 0; seed < 25; seed++) {
      Random random = new Random(seed);
      // Arrival = event time + a delay below the bound: the order changes, nothing is late.
      List<Quote> shuffled = ShuffledArrival.within(quotes, boundMs * MS, random);
      assertThat(run(shuffled, boundMs)).as("seed %d", seed).isEqualTo(expected);
    }
  }

  /** Feeds quotes as a bounded-out-of-orderness watermark generator would, then ends the input. */
  private byte[] run(List<Quote> arrivals, long boundMs) throws Exception {
    try (SpreadHarness h = new SpreadHarness(config)) {
      long maxMs = Long.MIN_VALUE;
      for (Quote q : arrivals) {
        h.quote(q);
        maxMs = Math.max(maxMs, Math.floorDiv(q.getExchangeTimeUs(), 1_000L));
        h.harness.processWatermark(maxMs - boundMs - 1);
      }
      h.harness.processWatermark(Long.MAX_VALUE);
      assertThat(h.late()).isEmpty();
      assertThat(h.keyedStateEntries()).isZero();
      return h.signalBytes();
    }
  }
}
