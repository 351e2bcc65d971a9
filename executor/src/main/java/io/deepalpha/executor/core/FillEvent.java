package io.deepalpha.executor.core;

import io.deepalpha.model.event.Liquidity;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;

/**
 * One execution, as it goes to the journal and to exec.fills (a reused holder, like OrderEvent).
 */
public final class FillEvent {
  public String fillId;
  public CharSequence clientOrderId;
  public String signalId;
  public String instrument;
  public Venue venue;
  public Side side;
  public int priceScale;
  public int sizeScale;
  public long price;
  public long qty;
  public int feeScale;
  public long fee;
  public String feeAsset;
  public Liquidity liquidity = Liquidity.TAKER;
  public TradingMode mode;
  public long exchangeTimeUs;
  public long receiveTimeNs;
}
