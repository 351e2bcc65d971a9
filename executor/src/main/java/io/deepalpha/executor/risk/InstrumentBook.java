package io.deepalpha.executor.risk;

import io.deepalpha.model.FixedPoint;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Venue;

/**
 * What the executor knows about one instrument, per venue: the latest best bid/ask (from md.quotes)
 * and the position and realized PnL built from its own fills. Owned by the executor thread; arrays
 * indexed by {@link Venue#ordinal()}.
 */
public final class InstrumentBook {
  private static final int VENUES = Venue.values().length;

  private final String instrument;
  private final int priceScale;
  private final int sizeScale;
  private final double priceUnit;
  private final double sizeUnit;

  private final long[] bid = new long[VENUES];
  private final long[] bidSize = new long[VENUES];
  private final long[] ask = new long[VENUES];
  private final long[] askSize = new long[VENUES];
  private final long[] quoteWallUs = new long[VENUES];
  private final long[] position = new long[VENUES];
  // Average cost of the long inventory per venue, quote currency per base unit.
  private final double[] costBasis = new double[VENUES];
  private final String[] enabledKeys = new String[VENUES];
  private final String[] feeKeys = new String[VENUES];
  private final String strategyKey;
  private final String quoteCurrency;
  private long lastMid;
  private double realizedPnl;
  private double feesPaid;

  public InstrumentBook(String instrument, int priceScale, int sizeScale) {
    this.instrument = instrument;
    this.priceScale = priceScale;
    this.sizeScale = sizeScale;
    this.priceUnit = 1.0 / FixedPoint.pow10(priceScale);
    this.sizeUnit = 1.0 / FixedPoint.pow10(sizeScale);
    for (Venue v : Venue.values()) {
      enabledKeys[v.ordinal()] = LiveConfig.instrumentKey(instrument, v);
      feeKeys[v.ordinal()] = LiveConfig.feeKey(instrument, v);
    }
    this.strategyKey = LiveConfig.strategyKey(STRATEGY, instrument);
    this.quoteCurrency = instrument.substring(instrument.indexOf('-') + 1);
  }

  /** USDT of BTC-USDT: the currency of prices, notionals and taker fees. */
  public String quoteCurrency() {
    return quoteCurrency;
  }

  /** The strategy whose signals this executor trades (config.strategies key part). */
  public static final String STRATEGY = "xarb";

  /** config.instruments key of this instrument on {@code venue}, precomputed. */
  public String enabledKey(Venue venue) {
    return enabledKeys[venue.ordinal()];
  }

  public String feeKey(Venue venue) {
    return feeKeys[venue.ordinal()];
  }

  public String strategyKey() {
    return strategyKey;
  }

  public String instrument() {
    return instrument;
  }

  public int priceScale() {
    return priceScale;
  }

  public int sizeScale() {
    return sizeScale;
  }

  public double price(long mantissa) {
    return mantissa * priceUnit;
  }

  public double size(long mantissa) {
    return mantissa * sizeUnit;
  }

  /** Keeps the quote when it has the instrument's scales; returns false otherwise. */
  public boolean onQuote(Quote q, long wallUs) {
    if (q.getPriceScale() != priceScale || q.getSizeScale() != sizeScale) {
      return false;
    }
    int v = q.getVenue().ordinal();
    bid[v] = q.getBidPrice();
    bidSize[v] = q.getBidSize();
    ask[v] = q.getAskPrice();
    askSize[v] = q.getAskSize();
    quoteWallUs[v] = wallUs;
    lastMid = (q.getBidPrice() + q.getAskPrice()) / 2;
    return true;
  }

  public boolean hasFreshQuote(Venue venue, long nowUs, long maxAgeUs) {
    long at = quoteWallUs[venue.ordinal()];
    return at != 0 && nowUs - at <= maxAgeUs;
  }

  public long bid(Venue venue) {
    return bid[venue.ordinal()];
  }

  public long bidSize(Venue venue) {
    return bidSize[venue.ordinal()];
  }

  public long ask(Venue venue) {
    return ask[venue.ordinal()];
  }

  public long askSize(Venue venue) {
    return askSize[venue.ordinal()];
  }

  /** Mid of the latest quote of any venue: the mark for exposure. */
  public long lastMid() {
    return lastMid;
  }

  public long position(Venue venue) {
    return position[venue.ordinal()];
  }

  /** Sum over venues: an arbitrage that filled both legs is flat here. */
  public long netPosition() {
    long net = 0;
    for (long p : position) {
      net += p;
    }
    return net;
  }

  public double realizedPnl() {
    return realizedPnl;
  }

  public double feesPaid() {
    return feesPaid;
  }

  /** Average cost of the position on {@code venue} (quote currency per base unit). */
  public double costBasis(Venue venue) {
    return costBasis[venue.ordinal()];
  }

  /** True when fills have left a position, PnL or fees: what a journal snapshot must carry. */
  public boolean hasFillState() {
    for (int v = 0; v < VENUES; v++) {
      if (position[v] != 0 || costBasis[v] != 0) {
        return true;
      }
    }
    return realizedPnl != 0 || feesPaid != 0;
  }

  /** Recovery from a journal snapshot: the state the fills before it had built. */
  public void restore(long[] positions, double[] costBases, double realizedPnl, double feesPaid) {
    System.arraycopy(positions, 0, position, 0, VENUES);
    System.arraycopy(costBases, 0, costBasis, 0, VENUES);
    this.realizedPnl = realizedPnl;
    this.feesPaid = feesPaid;
  }

  /**
   * Applies a fill: position per venue, realized PnL against the average cost (a sale below cost is
   * a loss), fees in the quote currency.
   */
  public void onFill(Venue venue, boolean buy, long priceMantissa, long qtyMantissa, double fee) {
    int v = venue.ordinal();
    double px = price(priceMantissa);
    double qty = size(qtyMantissa);
    double held = size(position[v]);
    if (buy) {
      if (held >= 0) {
        costBasis[v] = (costBasis[v] * held + px * qty) / (held + qty);
      } else {
        realizedPnl += (costBasis[v] - px) * Math.min(qty, -held);
        if (qty > -held) {
          costBasis[v] = px;
        }
      }
      position[v] += qtyMantissa;
    } else {
      if (held <= 0) {
        costBasis[v] = (costBasis[v] * -held + px * qty) / (-held + qty);
      } else {
        realizedPnl += (px - costBasis[v]) * Math.min(qty, held);
        if (qty > held) {
          costBasis[v] = px;
        }
      }
      position[v] -= qtyMantissa;
    }
    feesPaid += fee;
    realizedPnl -= fee;
  }
}
