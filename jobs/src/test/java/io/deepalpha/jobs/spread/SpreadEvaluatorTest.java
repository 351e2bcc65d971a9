package io.deepalpha.jobs.spread;

import static io.deepalpha.jobs.spread.SpreadFixtures.BEGINNING_US;
import static io.deepalpha.jobs.spread.SpreadFixtures.BTC;
import static io.deepalpha.jobs.spread.SpreadFixtures.MS;
import static io.deepalpha.jobs.spread.SpreadFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepalpha.jobs.config.TradingConfig;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed examples of every rule of BRIEF §4. Config (SpreadFixtures): taker fees BINANCE 10,
 * OKX 10, KRAKEN 40 bps; minEdge 5 bps; maxQty 0.05; staleness 500 ms; cooldown 1000 ms.
 */
class SpreadEvaluatorTest {
  private static final long ONE_BTC = 100_000_000L;

  private final TradingConfig config = SpreadFixtures.config();
  private final SpreadEvaluator evaluator = new SpreadEvaluator(1_000 * MS);
  private final MapSpreadBook book = new MapSpreadBook();
  private final List<Signal> signals = new ArrayList<>();
  private final List<Long> statEnds = new ArrayList<>();

  /** Ask exactly 100.0000 (bid 99.9900), 1 BTC each side. */
  private static Quote askAt100(Venue venue, long offsetUs, long sequence) {
    return quote(venue, offsetUs, sequence, 999_900L, ONE_BTC, 1_000_000L, ONE_BTC);
  }

  /** Bid {@code bid} (scale 4) with 1 BTC, ask 1.0000 above it. */
  private static Quote bid(Venue venue, long offsetUs, long sequence, long bid) {
    return quote(venue, offsetUs, sequence, bid, ONE_BTC, bid + 10_000L, ONE_BTC);
  }

  private void feed(Quote... quotes) {
    for (Quote q : quotes) {
      evaluator.onQuote(
          q,
          config.instrument(BTC),
          config.version(),
          book,
          new SpreadEvaluator.Output() {
            @Override
            public void signal(Signal signal) {
              signals.add(signal);
            }

            @Override
            public void statIntervalOpened(long endUs) {
              statEnds.add(endUs);
            }
          });
    }
  }

  @Test
  void netEdgeIsGrossMinusBothTakerFees() {
    // gross = (100.3000 - 100.0000) / 100.0000 * 10_000 = 30 bps; net = 30 - 10 - 10 = 10 bps
    feed(askAt100(Venue.BINANCE, 0, 1), bid(Venue.OKX, 10, 1, 1_003_000L));

    assertThat(signals).hasSize(1);
    Signal s = signals.get(0);
    assertThat(s.getGrossBps()).isEqualTo(30.0);
    assertThat(s.getNetBps()).isEqualTo(10.0);
  }

  @Test
  void expensiveVenueFeesEatTheEdge() {
    // Same 30 bps gross towards KRAKEN: net = 30 - 10 - 40 = -20 bps, no signal.
    feed(askAt100(Venue.BINANCE, 0, 1), bid(Venue.KRAKEN, 10, 1, 1_003_000L));

    assertThat(signals).isEmpty();
    assertThat(book.stats.get(VenuePairs.of(Venue.BINANCE, Venue.KRAKEN)).lastNetBps)
        .isEqualTo(-20.0);
  }

  @Test
  void signalBuysAtTheAskOfOneVenueAndSellsAtTheBidOfTheOther() {
    feed(askAt100(Venue.BINANCE, 0, 1), bid(Venue.OKX, 10, 1, 1_003_000L));

    Signal s = signals.get(0);
    assertThat(s.getBuyVenue()).isEqualTo(Venue.BINANCE);
    assertThat(s.getSellVenue()).isEqualTo(Venue.OKX);
    assertThat(s.getBuyPrice()).isEqualTo(1_000_000L);
    assertThat(s.getSellPrice()).isEqualTo(1_003_000L);
    // The reverse direction: buy OKX at its ask 101.3000, sell BINANCE at its bid 99.9900:
    // gross = -1.3100 / 101.3000 * 10_000 = -129.3189 bps, net = -149.3189 bps.
    assertThat(book.stats.get(VenuePairs.of(Venue.OKX, Venue.BINANCE)).lastNetBps)
        .isCloseTo(-149.3189, within(1e-4));
  }

  @Test
  void netEqualToMinEdgeSignalsAndOneTickBelowDoesNot() {
    // bid 100.2500: gross 25, net 5 = minEdge -> signal
    feed(askAt100(Venue.BINANCE, 0, 1), bid(Venue.OKX, 10, 1, 1_002_500L));
    assertThat(signals).extracting(Signal::getNetBps).containsExactly(5.0);

    // bid 100.2499: gross 24.99, net 4.99 < 5 -> closes, no signal
    feed(bid(Venue.OKX, 20, 2, 1_002_499L));
    assertThat(signals).hasSize(1);
    assertThat(book.open).isEmpty();
  }

  @Test
  void qtyIsTheSmallestOfAskSizeBidSizeAndMaxQty() {
    // ask size 0.02, bid size 1 -> 0.02
    feed(
        quote(Venue.BINANCE, 0, 1, 999_900L, ONE_BTC, 1_000_000L, 2_000_000L),
        bid(Venue.OKX, 10, 1, 1_003_000L));
    // bid size 0.03 -> 0.03 (ask size now 1)
    feed(
        askAt100(Venue.BINANCE, 2_000 * MS, 2),
        quote(Venue.OKX, 2_000 * MS + 10, 2, 1_003_000L, 3_000_000L, 1_013_000L, ONE_BTC));
    // both 1 BTC -> maxQty 0.05
    feed(askAt100(Venue.BINANCE, 4_000 * MS, 3), bid(Venue.OKX, 4_000 * MS + 10, 3, 1_003_000L));

    assertThat(signals)
        .extracting(Signal::getQty)
        .containsExactly(2_000_000L, 3_000_000L, 5_000_000L);
  }

  @Test
  void quoteExactlyStalenessOldIsStillFresh() {
    // OKX quote 500 ms after BINANCE: t - ts = 500 ms <= 500 ms
    feed(askAt100(Venue.BINANCE, 0, 1), bid(Venue.OKX, 500 * MS, 1, 1_003_000L));

    assertThat(signals).hasSize(1);
  }

  @Test
  void quoteOneMicrosecondOlderThanStalenessIsNotUsed() {
    feed(askAt100(Venue.BINANCE, 0, 1), bid(Venue.OKX, 500 * MS + 1, 1, 1_003_000L));

    assertThat(signals).isEmpty();
  }

  @Test
  void openOpportunityRepeatsOnlyAfterCooldown() {
    // Both venues refresh within the staleness, so the opportunity stays open throughout.
    feed(askAt100(Venue.BINANCE, 0, 1), bid(Venue.OKX, 0, 1, 1_003_000L)); // signal at 0
    feed(askAt100(Venue.BINANCE, 400 * MS, 2)); // open 400 ms < 1000 ms: none
    feed(bid(Venue.OKX, 800 * MS, 2, 1_003_000L)); // open 800 ms: none
    feed(askAt100(Venue.BINANCE, 999 * MS, 3)); // open 999 ms: none
    feed(bid(Venue.OKX, 1_000 * MS, 3, 1_003_000L)); // open 1000 ms = cooldown: signal

    assertThat(signals)
        .extracting(Signal::getEventTimeUs)
        .containsExactly(BEGINNING_US, BEGINNING_US + 1_000 * MS);
  }

  @Test
  void closedOpportunitySignalsAgainWithoutWaitingForCooldown() {
    feed(askAt100(Venue.BINANCE, 0, 1), bid(Venue.OKX, 0, 1, 1_003_000L)); // opens
    feed(bid(Venue.OKX, 100 * MS, 2, 1_001_000L)); // net -10: closes
    feed(bid(Venue.OKX, 200 * MS, 3, 1_003_000L)); // opens again

    assertThat(signals)
        .extracting(Signal::getEventTimeUs)
        .containsExactly(BEGINNING_US, BEGINNING_US + 200 * MS);
  }

  @Test
  void staleQuoteClosesTheOpportunity() {
    feed(askAt100(Venue.BINANCE, 0, 1), bid(Venue.OKX, 0, 1, 1_003_000L)); // opens
    feed(bid(Venue.OKX, 600 * MS, 2, 1_003_000L)); // BINANCE is 600 ms old: stale, closes
    assertThat(book.open).isEmpty();
    feed(askAt100(Venue.BINANCE, 700 * MS, 2)); // fresh again, 700 ms < cooldown but closed before

    assertThat(signals)
        .extracting(Signal::getEventTimeUs)
        .containsExactly(BEGINNING_US, BEGINNING_US + 700 * MS);
  }

  @Test
  void signalCarriesLineageAndConfigVersion() {
    Quote buy = askAt100(Venue.BINANCE, 0, 7);
    Quote sell = bid(Venue.OKX, 10, 9, 1_003_000L);
    feed(buy, sell);

    Signal s = signals.get(0);
    assertThat(s.getInstrument()).isEqualTo(BTC);
    assertThat(s.getEventTimeUs()).isEqualTo(sell.getExchangeTimeUs());
    assertThat(s.getBuyQuoteTimeUs()).isEqualTo(buy.getExchangeTimeUs());
    assertThat(s.getSellQuoteTimeUs()).isEqualTo(sell.getExchangeTimeUs());
    assertThat(s.getBuyQuoteReceiveNs()).isEqualTo(buy.getReceiveTimeNs());
    assertThat(s.getSellQuoteReceiveNs()).isEqualTo(sell.getReceiveTimeNs());
    assertThat(s.getConfigVersion()).isZero();
    assertThat(s.getSignalId())
        .isEqualTo(SignalIds.of(BTC, Venue.BINANCE, Venue.OKX, sell, 0L))
        .isNotEqualTo(SignalIds.of(BTC, Venue.BINANCE, Venue.OKX, sell, 1L))
        .isNotEqualTo(SignalIds.of(BTC, Venue.BINANCE, Venue.OKX, buy, 0L));
  }

  @Test
  void disabledVenueIsNeverPaired() {
    TradingConfig disabled =
        config.apply(
            io.deepalpha.model.event.ConfigChange.newBuilder()
                .setTable("instruments")
                .setKey("BTC-USDT|OKX")
                .setOp(io.deepalpha.model.event.ChangeOp.UPDATE)
                .setAfter(
                    java.util.Map.of(
                        "instrument",
                        BTC,
                        "venue",
                        "OKX",
                        "taker_fee_bps",
                        "10.0000",
                        "maker_fee_bps",
                        "8.0000",
                        "enabled",
                        "false"))
                .setVersion(42)
                .setCommitTimeUs(0)
                .build());
    for (Quote q : new Quote[] {askAt100(Venue.BINANCE, 0, 1), bid(Venue.OKX, 10, 1, 1_003_000L)}) {
      evaluator.onQuote(
          q,
          disabled.instrument(BTC),
          disabled.version(),
          book,
          new SpreadEvaluator.Output() {
            @Override
            public void signal(Signal signal) {
              signals.add(signal);
            }

            @Override
            public void statIntervalOpened(long endUs) {}
          });
    }

    assertThat(signals).isEmpty();
  }

  @Test
  void statisticsTrackMinMaxLastAndTimeAboveThreshold() {
    feed(askAt100(Venue.BINANCE, 0, 1));
    feed(bid(Venue.OKX, 100 * MS, 1, 1_003_000L)); // net 10, above from 100 ms
    feed(bid(Venue.OKX, 400 * MS, 2, 1_001_000L)); // net -10, below from 400 ms
    feed(askAt100(Venue.BINANCE, 450 * MS, 2)); // net -10 again

    SpreadStat stat = book.stats.get(VenuePairs.of(Venue.BINANCE, Venue.OKX)).finish();
    assertThat(stat.evaluations).isEqualTo(3);
    assertThat(stat.minNetBps).isEqualTo(-10.0);
    assertThat(stat.maxNetBps).isEqualTo(10.0);
    assertThat(stat.lastNetBps).isEqualTo(-10.0);
    assertThat(stat.aboveThresholdUs).isEqualTo(300 * MS);
    assertThat(stat.windowStartUs).isEqualTo(BEGINNING_US);
    assertThat(statEnds).contains(BEGINNING_US + 1_000 * MS);
  }
}
