package io.deepalpha.executor.risk;

import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskLevel;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.util.List;

/** Named values for rule tests: BTC-USDT at scales 4/8, 65 000 USDT, wall clock at NOW_US. */
public final class Fixtures {
  public static final long NOW_US = 1_760_000_000_000_000L;
  public static final long ASK_BINANCE = 65_000_0000L; // 65000.0000
  public static final long BID_OKX = 65_100_0000L; // 65100.0000
  public static final long QTY_0_001 = 100_000L; // 0.001 BTC at scale 8

  public static final Limits LIMITS =
      new Limits(0.001, 200.0, 1000.0, 50, 500_000L, 2_000_000L, 5_000_000L, 5, 10);

  private Fixtures() {}

  public static Books books() {
    return new Books(InstrumentRegistry.loadDefault(), List.of("BTC-USDT", "ETH-USDT"));
  }

  /** Buy on Binance at 65000, sell on OKX at 65100, 0.001 BTC, event time NOW_US. */
  public static Signal signal(String id) {
    return Signal.newBuilder()
        .setSignalId(id)
        .setInstrument("BTC-USDT")
        .setEventTimeUs(NOW_US)
        .setBuyVenue(Venue.BINANCE)
        .setSellVenue(Venue.OKX)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBuyPrice(ASK_BINANCE)
        .setSellPrice(BID_OKX)
        .setQty(QTY_0_001)
        .setGrossBps(15.38)
        .setNetBps(-4.6)
        .setBuyQuoteTimeUs(NOW_US)
        .setSellQuoteTimeUs(NOW_US)
        .setBuyQuoteReceiveNs(NOW_US * 1000)
        .setSellQuoteReceiveNs(NOW_US * 1000)
        .setConfigVersion(1)
        .build();
  }

  public static Quote quote(Venue venue, long bid, long ask) {
    return Quote.newBuilder()
        .setVenue(venue)
        .setVenueSymbol(venue == Venue.OKX ? "BTC-USDT" : "BTCUSDT")
        .setInstrument("BTC-USDT")
        .setExchangeTimeUs(NOW_US)
        .setReceiveTimeNs(NOW_US * 1000)
        .setConnectionId(1)
        .setSequence(1)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBidPrice(bid)
        .setBidSize(50_000_000L)
        .setAskPrice(ask)
        .setAskSize(50_000_000L)
        .setTimeSource(TimeSource.EXCHANGE)
        .build();
  }

  /** Fresh quotes on both venues around the signal's prices. */
  public static void quoteBoth(Books books, long wallUs) {
    books.get("BTC-USDT").onQuote(quote(Venue.BINANCE, ASK_BINANCE - 1_0000, ASK_BINANCE), wallUs);
    books.get("BTC-USDT").onQuote(quote(Venue.OKX, BID_OKX, BID_OKX + 1_0000), wallUs);
  }

  public static RiskState risk(RiskScope scope, String key, RiskLevel level) {
    return RiskState.newBuilder()
        .setScope(scope)
        .setScopeKey(key)
        .setLevel(level)
        .setPreviousLevel(RiskLevel.OK)
        .setReason("test")
        .setMetric("loss")
        .setValue(1)
        .setLimit(1)
        .setEventTimeUs(NOW_US)
        .setConfigVersion(1)
        .build();
  }
}
