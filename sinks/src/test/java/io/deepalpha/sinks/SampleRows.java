package io.deepalpha.sinks;

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
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import io.deepalpha.sinks.row.LateEvent;
import io.deepalpha.sinks.row.RiskMetric;
import io.deepalpha.sinks.row.SpreadStat;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Deterministic rows of every type, the i-th of a test run: the same (run, i) always gives the same
 * row, so a replayed source produces equal records. Each run has its own instrument name, so tests
 * sharing the database do not see each other's rows.
 */
public final class SampleRows implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Venue[] VENUES = {
    Venue.BINANCE, Venue.OKX, Venue.BYBIT, Venue.COINBASE, Venue.KRAKEN
  };

  /** Canonical instrument of this run, e.g. {@code R1718000000123-USDT}. */
  public final String instrument;

  /**
   * Event time of row 0: the start of the current UTC day, so rows land in this month's partition.
   */
  public final long baseUs;

  public SampleRows(String run) {
    this.instrument = run.toUpperCase() + "-USDT";
    Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS);
    // The first day of the month keeps every row inside the month even for large i.
    this.baseUs = day.atOffset(ZoneOffset.UTC).withDayOfMonth(1).toInstant().toEpochMilli() * 1000L;
  }

  public long timeUs(long i) {
    return baseUs + i * 1_000_123L;
  }

  public Signal signal(long i) {
    return Signal.newBuilder()
        .setSignalId(instrument + "-sig-" + i)
        .setInstrument(instrument)
        .setEventTimeUs(timeUs(i))
        .setBuyVenue(venue(i))
        .setSellVenue(venue(i + 1))
        .setPriceScale(4)
        .setSizeScale(8)
        .setBuyPrice(432_511_200L + i)
        .setSellPrice(432_611_234L + i)
        .setQty(5_000_000L + i)
        .setGrossBps(23.125 + i / 1000.0)
        .setNetBps(3.125 + i / 1000.0)
        .setBuyQuoteTimeUs(timeUs(i) - 1_500)
        .setSellQuoteTimeUs(timeUs(i) - 700)
        .setBuyQuoteReceiveNs(timeUs(i) * 1000 + 123_457)
        .setSellQuoteReceiveNs(timeUs(i) * 1000 + 98_765)
        .setConfigVersion(4_200 + i)
        .build();
  }

  public Order order(long i) {
    boolean rejected = i % 7 == 0;
    return Order.newBuilder()
        .setClientOrderId(instrument + "-co-" + (i / 3))
        .setRevision((int) (i % 3))
        .setSignalId(instrument + "-sig-" + (i / 3))
        .setInstrument(instrument)
        .setVenue(venue(i))
        .setVenueSymbol(instrument.replace("-", ""))
        .setSide(i % 2 == 0 ? Side.BUY : Side.SELL)
        .setOrderType(OrderType.LIMIT)
        .setTimeInForce(TimeInForce.IOC)
        .setPriceScale(4)
        .setSizeScale(8)
        .setPrice(432_511_200L + i)
        .setQty(5_000_000L)
        .setFilledQty(rejected ? 0 : 5_000_000L - i)
        .setAvgFillPrice(rejected ? 0 : 432_511_000L + i)
        .setStatus(rejected ? OrderStatus.REJECTED : OrderStatus.FILLED)
        .setReason(rejected ? "price collar: 12.5 bps > 10 bps" : null)
        .setVenueOrderId(rejected ? null : "v-" + i)
        .setMode(TradingMode.PAPER)
        .setSignalTimeUs(timeUs(i))
        .setEventTimeNs(timeUs(i) * 1000 + 987_654)
        .build();
  }

  public Fill fill(long i) {
    return Fill.newBuilder()
        .setFillId(instrument + "-f-" + i)
        .setClientOrderId(instrument + "-co-" + (i / 3))
        .setSignalId(instrument + "-sig-" + (i / 3))
        .setInstrument(instrument)
        .setVenue(venue(i))
        .setSide(i % 2 == 0 ? Side.BUY : Side.SELL)
        .setPriceScale(4)
        .setSizeScale(8)
        .setPrice(432_511_200L + i)
        .setQty(123_456_789L + i)
        // A fee at scale 18 with 19 significant digits: exactness is not an accident of size.
        .setFeeScale(18)
        .setFee(9_223_372_036_854_775_000L + i)
        .setFeeAsset("USDT")
        .setLiquidity(i % 2 == 0 ? Liquidity.TAKER : Liquidity.MAKER)
        .setMode(TradingMode.LIVE)
        .setExchangeTimeUs(timeUs(i))
        .setReceiveTimeNs(timeUs(i) * 1000 + 555)
        .build();
  }

  public RiskState riskState(long i) {
    RiskLevel[] levels = RiskLevel.values();
    return RiskState.newBuilder()
        .setScope(RiskScope.INSTRUMENT)
        .setScopeKey(instrument)
        .setLevel(levels[(int) ((i + 1) % 3)])
        .setPreviousLevel(levels[(int) (i % 3)])
        .setReason("volatility " + (50 + i) + " bps > warn 50 bps")
        .setMetric("volatility_bps")
        .setValue(50.25 + i)
        .setLimit(50.0)
        .setEventTimeUs(timeUs(i))
        .setConfigVersion(77)
        .build();
  }

  public SpreadStat spreadStat(long i) {
    return new SpreadStat(
        instrument,
        venue(i),
        venue(i + 1),
        timeUs(i),
        timeUs(i) + 1_000_000,
        -12.5 - i,
        7.25 + i,
        3.0625,
        i * 10,
        100 + i);
  }

  public LateEvent lateEvent(long i) {
    return new LateEvent(
        "md.quotes",
        instrument,
        timeUs(i),
        timeUs(i) + 2_000_000,
        timeUs(i) * 1000 + 3_000_000_001L,
        "{\"type\": \"quote\", \"sequence\": " + i + "}");
  }

  public RiskMetric riskMetric(long i) {
    return new RiskMetric(
        RiskScope.INSTRUMENT,
        instrument,
        venue(i).name(),
        i % 2 == 0 ? "volatility_bps" : "vwap",
        10.5 + i,
        timeUs(i));
  }

  public Quote quote(long i) {
    return Quote.newBuilder()
        .setVenue(venue(i))
        .setVenueSymbol(instrument.replace("-", ""))
        .setInstrument(instrument)
        .setExchangeTimeUs(timeUs(i))
        .setReceiveTimeNs(timeUs(i) * 1000 + 250_000)
        .setConnectionId(1)
        .setSequence(i + 1)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBidPrice(432_511_200L + i)
        .setBidSize(150_000_000L)
        .setAskPrice(432_512_300L + i)
        .setAskSize(23_456_789L)
        .setTimeSource(TimeSource.EXCHANGE)
        .build();
  }

  private static Venue venue(long i) {
    return VENUES[(int) (i % VENUES.length)];
  }
}
