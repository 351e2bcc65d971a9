package io.deepalpha.executor.venue;

import io.deepalpha.executor.core.OrderSlot;
import io.deepalpha.model.event.OrderStatus;
import java.util.List;

/**
 * A venue's answer about one order, parsed on the connection's reader thread (where allocation and
 * JSON parsing do not disturb the executor thread) and applied on the executor thread.
 */
public final class VenueReply {
  /** How the executor thread must treat the answer. */
  public enum Type {
    /** Status, cumulative fill and fills as the venue reports them. */
    UPDATE,
    /** Accepted; the details come from a query (OKX answers a new order with an ack only). */
    ACKED,
    /** Refused: the order does not exist at the venue. */
    REJECTED,
    /** The outcome is not known (timeout, -1007, 5xx, lost connection): query, never resend. */
    UNKNOWN,
    /** A query found no such order. */
    NOT_FOUND,
    /** A query itself failed; ask again later. */
    QUERY_FAILED
  }

  /** One execution, mantissas at the order's scales. */
  public record FillData(
      String fillId, long price, long qty, int feeScale, long fee, String feeAsset, long timeUs) {}

  public final OrderSlot slot;
  public final Type type;
  public OrderStatus status = OrderStatus.UNKNOWN;
  public long filledQty;
  public long avgFillPrice;
  public String venueOrderId;
  public String note;
  public List<FillData> fills = List.of();

  public VenueReply(OrderSlot slot, Type type) {
    this.slot = slot;
    this.type = type;
  }

  public static VenueReply of(OrderSlot slot, Type type, String note) {
    VenueReply r = new VenueReply(slot, type);
    r.note = note;
    return r;
  }
}
