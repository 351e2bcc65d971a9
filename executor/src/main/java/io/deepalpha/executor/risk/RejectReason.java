package io.deepalpha.executor.risk;

import io.deepalpha.model.event.OrderStatus;

/**
 * Why a signal did not become orders. The code travels through the journal; the text is formatted
 * with the offending value and the limit off the hot path, when the outcome is published.
 */
public enum RejectReason {
  NONE("", OrderStatus.PENDING),
  KILL_SWITCH("kill switch: risk.state HALT for", OrderStatus.REJECTED),
  DUPLICATE_SIGNAL("duplicate signal id", OrderStatus.REJECTED),
  STALE_EVENT_TIME("stale signal: age in event time ms", OrderStatus.EXPIRED),
  STALE_WALL_TIME("stale signal: age by the wall clock ms", OrderStatus.EXPIRED),
  NO_REFERENCE_QUOTE("price collar: no fresh quote of the venue", OrderStatus.REJECTED),
  PRICE_COLLAR("price collar: bps from the latest quote", OrderStatus.REJECTED),
  MAX_NOTIONAL("max notional: order notional", OrderStatus.REJECTED),
  MAX_POSITION("max position: position after the order", OrderStatus.REJECTED),
  LOSS_LIMIT("risk limit: realized loss", OrderStatus.REJECTED),
  EXPOSURE_LIMIT("risk limit: exposure after the order", OrderStatus.REJECTED),
  ORDER_RATE("order rate: no token for venue", OrderStatus.REJECTED),
  INSTRUMENT_DISABLED("instrument or strategy disabled by config", OrderStatus.REJECTED),
  UNKNOWN_INSTRUMENT("instrument or venue symbol not configured", OrderStatus.REJECTED),
  VENUE_UNAVAILABLE("venue not connected or rate-limited", OrderStatus.REJECTED),
  NO_CAPACITY("too many orders in flight", OrderStatus.REJECTED),
  // New reasons go last: the journal stores the ordinal.
  MAX_QTY("max qty: signal qty", OrderStatus.REJECTED);

  private final String text;
  private final OrderStatus status;

  RejectReason(String text, OrderStatus status) {
    this.text = text;
    this.status = status;
  }

  public String text() {
    return text;
  }

  /** REJECTED, or EXPIRED for a signal that arrived too late. */
  public OrderStatus status() {
    return status;
  }

  private static final RejectReason[] VALUES = values();

  public static RejectReason ofCode(int code) {
    return VALUES[code];
  }
}
