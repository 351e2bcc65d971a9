package io.deepalpha.jobs.spread;

import io.deepalpha.jobs.config.TradingConfig;
import io.deepalpha.model.event.ChangeOp;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Venue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Named instants, quotes and a small trading config for spread tests. Prices have scale 4, sizes
 * scale 8. Fees: BINANCE 10 bps, OKX 10 bps, KRAKEN 40 bps; strategy minEdge 5 bps, maxQty 0.05,
 * staleness 500 ms, cooldown 1000 ms.
 */
public final class SpreadFixtures {
  /** 2025-11-22T00:00:00Z in epoch microseconds. */
  public static final long BEGINNING_US = 1_763_769_600_000_000L;

  static final long MS = 1_000L;
  static final String BTC = "BTC-USDT";

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
      """;

  private SpreadFixtures() {}

  public static TradingConfig config() {
    try {
      Path file = Files.createTempFile("trading", ".yaml");
      Files.writeString(file, CONFIG_YAML);
      TradingConfig config = TradingConfig.load(file);
      Files.delete(file);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A BTC-USDT quote at BEGINNING + offsetUs; prices as mantissas of scale 4, sizes of scale 8. */
  public static Quote quote(
      Venue venue, long offsetUs, long sequence, long bid, long bidSize, long ask, long askSize) {
    long timeUs = BEGINNING_US + offsetUs;
    return Quote.newBuilder()
        .setVenue(venue)
        .setVenueSymbol("BTCUSDT")
        .setInstrument(BTC)
        .setExchangeTimeUs(timeUs)
        .setReceiveTimeNs(timeUs * 1_000L + 300_000L + venue.ordinal())
        .setConnectionId(venue.ordinal())
        .setSequence(sequence)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBidPrice(bid)
        .setBidSize(bidSize)
        .setAskPrice(ask)
        .setAskSize(askSize)
        .setTimeSource(TimeSource.EXCHANGE)
        .build();
  }

  /** Bid 100.0000 and ask 100.0100 (1 bps wide), 1 BTC on both sides. */
  public static Quote flat(Venue venue, long offsetUs, long sequence) {
    return quote(venue, offsetUs, sequence, 1_000_000L, 100_000_000L, 1_000_100L, 100_000_000L);
  }

  /** Bid {@code bid} (scale 4), ask 1 bps above it, 1 BTC on both sides. */
  public static Quote bidAt(Venue venue, long offsetUs, long sequence, long bid) {
    return quote(venue, offsetUs, sequence, bid, 100_000_000L, bid + 100L, 100_000_000L);
  }

  public static ConfigChange strategyChange(long version, String minEdge) {
    return ConfigChange.newBuilder()
        .setTable("strategies")
        .setKey("xarb|BTC-USDT")
        .setOp(ChangeOp.UPDATE)
        .setAfter(
            Map.of(
                "strategy", "xarb",
                "instrument", BTC,
                "min_edge_bps", minEdge,
                "max_qty", "0.050000000000000000",
                "staleness_ms", "500",
                "cooldown_ms", "1000",
                "enabled", "true"))
        .setVersion(version)
        .setCommitTimeUs(BEGINNING_US)
        .build();
  }

  /** Three venues random-walking around 100.0000, quotes every few ms, some in the same µs. */
  public static List<Quote> randomWalk(Random random, int count) {
    Venue[] venues = {Venue.BINANCE, Venue.OKX, Venue.KRAKEN};
    long[] mid = {1_000_000L, 1_000_000L, 1_000_000L};
    long[] seq = new long[3];
    List<Quote> quotes = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < count; i++) {
      if (random.nextInt(4) != 0) {
        t += random.nextInt(8) * MS + random.nextInt(1_000);
      }
      int v = random.nextInt(3);
      mid[v] += (random.nextInt(61) - 30) * 10L;
      long half = 50L + random.nextInt(5) * 10L;
      quotes.add(
          SpreadFixtures.quote(
              venues[v],
              t,
              ++seq[v],
              mid[v] - half,
              (1 + random.nextInt(9)) * 1_000_000L,
              mid[v] + half,
              (1 + random.nextInt(9)) * 1_000_000L));
    }
    return quotes;
  }
}
