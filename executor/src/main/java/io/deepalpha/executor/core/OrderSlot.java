package io.deepalpha.executor.core;

import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.Venue;
import org.agrona.AsciiSequenceView;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An order in flight, from a preallocated pool: what the executor thread knows about it between
 * sending it and its final status. Reused after the order is final.
 */
public final class OrderSlot {
  public final int index;
  public final byte[] clientOrderId = new byte[ClientOrderIds.LENGTH];

  /** A CharSequence view over {@link #clientOrderId}, for the journal and the encoders. */
  public final AsciiSequenceView clientOrderIdView = new AsciiSequenceView();

  public boolean inUse;
  public String signalId;
  public String instrument;
  public String venueSymbol;
  public Venue venue;
  public Side side;
  public Leg leg;
  public int priceScale;
  public int sizeScale;
  public long price;
  public long qty;
  public long filledQty;
  public long avgFillPrice;
  public OrderStatus status;
  public int revision;
  public long signalTimeUs;
  public String venueOrderId;

  /** The other leg of the same signal; null for an unwind. */
  public OrderSlot peer;

  /** When an answer is overdue (System.nanoTime based); the gateway sets it. */
  public long deadlineNs;

  public int queries;

  /** Gateway-owned: what is outstanding on the wire for this slot. */
  public int pending;

  /** Time the signal was handed to the executor, for the latency histogram. */
  public long startedNs;

  public OrderSlot(int index) {
    this.index = index;
    clientOrderIdView.wrap(new UnsafeBuffer(clientOrderId), 0, clientOrderId.length);
  }

  public boolean isFinal() {
    return status == OrderStatus.FILLED
        || status == OrderStatus.CANCELED
        || status == OrderStatus.REJECTED
        || status == OrderStatus.EXPIRED;
  }

  public boolean buy() {
    return side == Side.BUY;
  }

  void clear() {
    inUse = false;
    signalId = null;
    instrument = null;
    venueSymbol = null;
    venueOrderId = null;
    peer = null;
    filledQty = 0;
    avgFillPrice = 0;
    revision = 0;
    queries = 0;
    pending = 0;
    deadlineNs = 0;
  }
}
