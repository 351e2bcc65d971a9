package io.deepalpha.model;

import io.deepalpha.model.event.ChangeOp;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Liquidity;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.OrderType;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskLevel;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.TimeInForce;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Realistic events with a non-default value in every field, for round-trip tests. Times are named
 * instants around 2024-06-10T06:13:20Z.
 */
public final class SampleEvents {

  /** Venue event time of the BTC-USDT quote, epoch microseconds. */
  public static final long EXCHANGE_TIME_US = 1_718_000_000_123_456L;

  /** 1.5 ms after the exchange time, epoch nanoseconds. */
  public static final long RECEIVE_TIME_NS = 1_718_000_000_124_956_789L;

  /** Connection ids are random 64-bit values; this one uses the top bits. */
  public static final long CONNECTION_ID = 0x7EDC_BA98_7654_3210L;

  private SampleEvents() {}

  /** Binance BTC-USDT best bid 43251.12 x 1.5, ask 43251.23 x 0.23456789. */
  public static Quote binanceQuote() {
    return Quote.newBuilder()
        .setVenue(Venue.BINANCE)
        .setVenueSymbol("BTCUSDT")
        .setInstrument("BTC-USDT")
        .setExchangeTimeUs(EXCHANGE_TIME_US)
        .setReceiveTimeNs(RECEIVE_TIME_NS)
        .setConnectionId(CONNECTION_ID)
        .setSequence(Long.MAX_VALUE - 7)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBidPrice(432_511_200L)
        .setBidSize(150_000_000L)
        .setAskPrice(432_512_300L)
        .setAskSize(23_456_789L)
        .setTimeSource(TimeSource.RECEIVE)
        .build();
  }

  /** Kraken v1 reports BTC-USD as XBT/USD. */
  public static Trade krakenTrade() {
    return Trade.newBuilder()
        .setVenue(Venue.KRAKEN)
        .setVenueSymbol("XBT/USD")
        .setInstrument("BTC-USD")
        .setExchangeTimeUs(EXCHANGE_TIME_US + 2_000)
        .setReceiveTimeNs(RECEIVE_TIME_NS + 2_500_000)
        .setConnectionId(-CONNECTION_ID)
        .setSequence(98_765_432_101L)
        .setTradeId("4207019384")
        .setPriceScale(4)
        .setSizeScale(8)
        .setPrice(432_499_000L)
        .setSize(1L)
        .setTakerSide(Side.SELL)
        .build();
  }

  /** A frame that is not UTF-8 text, with a reason in French. */
  public static DeadLetter okxDeadLetter() {
    return DeadLetter.newBuilder()
        .setSource("OKX")
        .setReceiveTimeNs(RECEIVE_TIME_NS)
        .setConnectionId(CONNECTION_ID)
        .setStage("decode")
        .setReason("caractère inattendu « \u00ff » à l'octet 3")
        .setRaw(ByteBuffer.wrap(new byte[] {'{', '"', 0x00, (byte) 0xFF, (byte) 0xC3, '}'}))
        .build();
  }

  /** Buy on Kraken at 43251.01, sell on Binance at 43253.5, 0.01 BTC. */
  public static Signal signal() {
    return Signal.newBuilder()
        .setSignalId("sig-BTC-USDT-1718000000123456-KRAKEN-BINANCE")
        .setInstrument("BTC-USDT")
        .setEventTimeUs(EXCHANGE_TIME_US)
        .setBuyVenue(Venue.KRAKEN)
        .setSellVenue(Venue.BINANCE)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBuyPrice(432_510_100L)
        .setSellPrice(432_535_000L)
        .setQty(1_000_000L)
        .setGrossBps(5.757_012_345)
        .setNetBps(-2.242_987_655)
        .setBuyQuoteTimeUs(EXCHANGE_TIME_US - 350)
        .setSellQuoteTimeUs(EXCHANGE_TIME_US)
        .setBuyQuoteReceiveNs(RECEIVE_TIME_NS - 400_000)
        .setSellQuoteReceiveNs(RECEIVE_TIME_NS)
        .setConfigVersion(123_456_789_012L)
        .build();
  }

  public static RiskState riskState() {
    return RiskState.newBuilder()
        .setScope(RiskScope.INSTRUMENT)
        .setScopeKey("BTC-USDT")
        .setLevel(RiskLevel.HALT)
        .setPreviousLevel(RiskLevel.WARN)
        .setReason("volatility 61.2 bps > halt 60 bps — over 1 min")
        .setMetric("volatility_bps")
        .setValue(61.2)
        .setLimit(1e-300)
        .setEventTimeUs(EXCHANGE_TIME_US)
        .setConfigVersion(42L)
        .build();
  }

  /** A pre-trade rejection: a reason, no venue order id. */
  public static Order rejectedOrder() {
    return orderBuilder()
        .setStatus(OrderStatus.REJECTED)
        .setReason("risk HALT: volatility — BTC-USDT")
        .setVenueOrderId(null)
        .build();
  }

  /** A filled order: a venue order id, no reason. */
  public static Order filledOrder() {
    return orderBuilder()
        .setRevision(2)
        .setStatus(OrderStatus.FILLED)
        .setFilledQty(1_000_000L)
        .setAvgFillPrice(432_509_950L)
        .setReason(null)
        .setVenueOrderId("OKX-884422119933776655")
        .build();
  }

  /** A maker fill with a negative fee (a rebate) in USDT at scale 8. */
  public static Fill fill() {
    return Fill.newBuilder()
        .setFillId("T-99001122")
        .setClientOrderId("sig-1718000000123456-B")
        .setSignalId("sig-BTC-USDT-1718000000123456-KRAKEN-BINANCE")
        .setInstrument("BTC-USDT")
        .setVenue(Venue.OKX)
        .setSide(Side.BUY)
        .setPriceScale(4)
        .setSizeScale(8)
        .setPrice(432_509_950L)
        .setQty(1_000_000L)
        .setFeeScale(8)
        .setFee(-4_325_099L)
        .setFeeAsset("USDT")
        .setLiquidity(Liquidity.MAKER)
        .setMode(TradingMode.TESTNET)
        .setExchangeTimeUs(EXCHANGE_TIME_US + 900)
        .setReceiveTimeNs(RECEIVE_TIME_NS + 1_200_000)
        .build();
  }

  /** An update of a risk limit; some columns are NULL in the database. */
  public static ConfigChange configUpdate() {
    Map<String, String> before = new LinkedHashMap<>();
    before.put("instrument", "BTC-USDT");
    before.put("max_notional", "25000.00");
    before.put("note", null);
    Map<String, String> after = new LinkedHashMap<>(before);
    after.put("max_notional", "50000.00");
    after.put("note", "relevé après revue — ok");
    return ConfigChange.newBuilder()
        .setTable("risk_limits")
        .setKey("BTC-USDT|global")
        .setOp(ChangeOp.UPDATE)
        .setBefore(before)
        .setAfter(after)
        .setVersion(987_654_321_098L)
        .setCommitTimeUs(EXCHANGE_TIME_US + 5)
        .build();
  }

  /** A delete has no after image. */
  public static ConfigChange configDelete() {
    return ConfigChange.newBuilder()
        .setTable("instruments")
        .setKey("SKL-USD")
        .setOp(ChangeOp.DELETE)
        .setBefore(Map.of("name", "SKL-USD", "price_scale", "8"))
        .setAfter(null)
        .setVersion(987_654_321_099L)
        .setCommitTimeUs(EXCHANGE_TIME_US + 6)
        .build();
  }

  /** One or more samples of every event type, including null and non-null optional fields. */
  public static List<SpecificRecord> all() {
    return List.of(
        binanceQuote(),
        krakenTrade(),
        okxDeadLetter(),
        signal(),
        riskState(),
        rejectedOrder(),
        filledOrder(),
        fill(),
        configUpdate(),
        configDelete());
  }

  private static Order.Builder orderBuilder() {
    return Order.newBuilder()
        .setClientOrderId("sig-1718000000123456-B")
        .setRevision(0)
        .setSignalId("sig-BTC-USDT-1718000000123456-KRAKEN-BINANCE")
        .setInstrument("BTC-USDT")
        .setVenue(Venue.OKX)
        .setVenueSymbol("BTC-USDT")
        .setSide(Side.BUY)
        .setOrderType(OrderType.LIMIT)
        .setTimeInForce(TimeInForce.IOC)
        .setPriceScale(4)
        .setSizeScale(8)
        .setPrice(432_510_100L)
        .setQty(1_000_000L)
        .setFilledQty(0L)
        .setAvgFillPrice(0L)
        .setMode(TradingMode.PAPER)
        .setSignalTimeUs(EXCHANGE_TIME_US)
        .setEventTimeNs(RECEIVE_TIME_NS + 3_000_000);
  }
}
