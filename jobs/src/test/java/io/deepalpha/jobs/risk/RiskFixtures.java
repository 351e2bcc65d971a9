package io.deepalpha.jobs.risk;

import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Liquidity;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import java.util.ArrayList;
import java.util.List;

/** Named instants and events for risk tests; prices scale 4, sizes scale 8, fees scale 8. */
public final class RiskFixtures {
  /** 2025-11-22T00:00:00Z, epoch ms: a UTC midnight. */
  static final long BEGINNING_MS = 1_763_769_600_000L;

  private RiskFixtures() {}

  /**
   * A volatile BINANCE BTC-USDT market, then a calm one, exchange times from {@code baseUs}: the
   * mid swings 100 ↔ 103 every second for 10 s (~296 bps per return: HALT at a 150 bps volatility
   * limit), then stays at 100 from 30 s to 59 s. Quotes of {@link SpreadFixtures#quote} (spread
   * 0.01), moved by {@code baseUs - SpreadFixtures.BEGINNING_US}.
   */
  public static List<Quote> swingsThenCalm(long baseUs) {
    List<Quote> quotes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      quotes.add(binanceMid(baseUs, i * 1_000L, i, i % 2 == 0 ? 100 : 103));
    }
    for (int i = 30; i < 60; i++) {
      quotes.add(binanceMid(baseUs, i * 1_000L, i, 100));
    }
    return quotes;
  }

  /** A BINANCE quote with this mid at {@code baseUs} + offsetMs (see {@link #swingsThenCalm}). */
  public static Quote binanceMid(long baseUs, long offsetMs, long sequence, double mid) {
    long m = Math.round(mid * 10_000);
    Quote q =
        SpreadFixtures.quote(
            Venue.BINANCE,
            offsetMs * 1_000L,
            sequence + 1,
            m - 50,
            100_000_000L,
            m + 50,
            100_000_000L);
    long shiftUs = baseUs - SpreadFixtures.BEGINNING_US;
    return Quote.newBuilder(q)
        .setExchangeTimeUs(q.getExchangeTimeUs() + shiftUs)
        .setReceiveTimeNs(q.getReceiveTimeNs() + shiftUs * 1_000L)
        .build();
  }

  /** Quote at BEGINNING + offsetMs with the given bid and ask (as decimals). */
  static Quote quote(Venue venue, long offsetMs, long sequence, double bid, double ask) {
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
        .setBidPrice(Math.round(bid * 10_000))
        .setBidSize(100_000_000L)
        .setAskPrice(Math.round(ask * 10_000))
        .setAskSize(100_000_000L)
        .setTimeSource(TimeSource.EXCHANGE)
        .build();
  }

  static Trade trade(Venue venue, long offsetMs, long sequence, double price, double size) {
    long timeUs = (BEGINNING_MS + offsetMs) * 1_000L;
    return Trade.newBuilder()
        .setVenue(venue)
        .setVenueSymbol("BTCUSDT")
        .setInstrument("BTC-USDT")
        .setExchangeTimeUs(timeUs)
        .setReceiveTimeNs(timeUs * 1_000L)
        .setConnectionId(1)
        .setSequence(sequence)
        .setTradeId("t" + sequence)
        .setPriceScale(4)
        .setSizeScale(8)
        .setPrice(Math.round(price * 10_000))
        .setSize(Math.round(size * 100_000_000L))
        .setTakerSide(Side.BUY)
        .build();
  }

  static Fill fill(Venue venue, long offsetMs, Side side, double price, double qty, double fee) {
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
        .setPrice(Math.round(price * 10_000))
        .setQty(Math.round(qty * 100_000_000L))
        .setFeeScale(8)
        .setFee(Math.round(fee * 100_000_000L))
        .setFeeAsset("USDT")
        .setLiquidity(Liquidity.TAKER)
        .setMode(TradingMode.PAPER)
        .setExchangeTimeUs(timeUs)
        .setReceiveTimeNs(timeUs * 1_000L)
        .build();
  }
}
