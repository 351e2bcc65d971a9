package io.deepalpha.executor.core;

import io.deepalpha.executor.risk.RejectReason;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.OrderType;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.TimeInForce;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;

/**
 * One revision of an order as it goes to the journal and from there to exec.orders: a mutable
 * holder, refilled for every record, so that writing it does not allocate. Strings are references
 * to values that already exist (the signal's fields, the venue's answer).
 */
public final class OrderEvent {
  public CharSequence clientOrderId;
  public int revision;
  public String signalId;
  public String instrument;
  public Venue venue;
  public String venueSymbol;
  public Side side;
  public OrderType orderType = OrderType.LIMIT;
  public TimeInForce timeInForce = TimeInForce.IOC;
  public int priceScale;
  public int sizeScale;
  public long price;
  public long qty;
  public long filledQty;
  public long avgFillPrice;
  public OrderStatus status;

  /** A pre-trade refusal, or NONE; its text is made at publication from value and limit. */
  public RejectReason rejectReason = RejectReason.NONE;

  public double reasonValue;
  public double reasonLimit;
  public Venue reasonVenue = Venue.UNKNOWN;

  /** The venue's own words when it refused or failed, or the executor's note; may be null. */
  public String note;

  public String venueOrderId;
  public TradingMode mode;
  public long signalTimeUs;
  public long eventTimeNs;
  public Leg leg;

  /** The reason text for exec.orders, or null when there is none. */
  public String reasonText() {
    String refusal =
        rejectReason == RejectReason.NONE
            ? null
            : io.deepalpha.executor.risk.Verdict.describe(
                rejectReason, reasonValue, reasonLimit, reasonVenue);
    if (refusal == null) {
      return note;
    }
    return note == null ? refusal : refusal + "; " + note;
  }
}
