package io.deepalpha.executor.core;

import io.deepalpha.executor.journal.Journal;
import io.deepalpha.executor.metrics.ExecutorCounters.Counter;
import io.deepalpha.executor.risk.InstrumentBook;
import io.deepalpha.executor.venue.VenueGateway;
import io.deepalpha.model.FixedPoint;
import io.deepalpha.model.event.OrderStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the executor's state from the journal before anything is consumed: the ids of the
 * signals that have an outcome inside the dedup horizon (a re-delivered signal is then a duplicate,
 * not a second order), the positions and PnL from the fills, and the orders that were still open.
 * The source is the active segment: its snapshot (the state at the roll: ids, books, orders in
 * flight) and the records after it. Open orders are asked about by client order id — never sent
 * again — and their answer is journaled like any other.
 */
public final class Recovery {

  /** What was found, for the start-up log line and /ready. */
  public record Result(int records, int signals, int fills, int openOrders) {}

  private Recovery() {}

  public static Result run(ExecutionEngine engine, long nowNs) {
    Journal.Cursor cursor = engine.journal().recoveryCursor();
    OrderEvent order = new OrderEvent();
    FillEvent fill = new FillEvent();
    Map<String, OrderEvent> latest = new LinkedHashMap<>();
    int records = 0;
    int fills = 0;
    int type;
    while ((type = cursor.next(order, fill)) != 0) {
      records++;
      if (type == Journal.TYPE_ORDER || type == Journal.TYPE_SNAPSHOT_ORDER) {
        engine.signalIds().add(order.signalId, order.eventTimeNs / 1000);
        latest.put(order.clientOrderId.toString(), copy(order));
      } else if (type == Journal.TYPE_SNAPSHOT_IDS) {
        for (int i = 0, n = cursor.idCount(); i < n; i++) {
          engine.signalIds().addHash(cursor.idHash(i), cursor.idTimeUs(i));
        }
      } else if (type == Journal.TYPE_SNAPSHOT_BOOK) {
        Journal.BookState b = cursor.book();
        InstrumentBook book = engine.books().get(b.instrument);
        if (book != null) {
          book.restore(b.position, b.costBasis, b.realizedPnl, b.feesPaid);
        }
      } else if (type == Journal.TYPE_FILL) {
        fills++;
        InstrumentBook book = engine.books().get(fill.instrument);
        if (book != null) {
          double fee =
              fill.feeAsset.equals(book.quoteCurrency())
                  ? fill.fee / (double) FixedPoint.pow10(fill.feeScale)
                  : 0;
          book.onFill(
              fill.venue,
              fill.side == io.deepalpha.model.event.Side.BUY,
              fill.price,
              fill.qty,
              fee);
        }
      }
    }
    List<OrderSlot> open = new ArrayList<>();
    for (OrderEvent e : latest.values()) {
      if (!isFinal(e.status)) {
        open.add(reopen(engine, e));
      }
    }
    linkLegs(open);
    for (OrderSlot slot : open) {
      VenueGateway g = engine.gateway(slot.venue);
      engine.counters().increment(Counter.RECOVERED_OPEN_ORDERS);
      if (g == null) {
        engine.onOrderUpdate(
            slot,
            OrderStatus.EXPIRED,
            slot.filledQty,
            slot.avgFillPrice,
            null,
            "recovered open order on a venue this executor no longer trades");
      } else {
        // UNKNOWN until the venue says otherwise; the answer arrives through poll().
        engine.onOrderUpdate(
            slot,
            OrderStatus.UNKNOWN,
            slot.filledQty,
            slot.avgFillPrice,
            null,
            "recovered after restart: querying the venue");
        g.query(slot, nowNs);
      }
    }
    return new Result(records, engine.signalIds().size(), fills, open.size());
  }

  private static boolean isFinal(OrderStatus s) {
    return s == OrderStatus.FILLED
        || s == OrderStatus.CANCELED
        || s == OrderStatus.REJECTED
        || s == OrderStatus.EXPIRED;
  }

  private static OrderSlot reopen(ExecutionEngine engine, OrderEvent e) {
    OrderSlot slot = engine.pool().acquire();
    if (slot == null) {
      throw new IllegalStateException("more open orders in the journal than MAX order slots");
    }
    byte[] id = e.clientOrderId.toString().getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(id, 0, slot.clientOrderId, 0, Math.min(id.length, slot.clientOrderId.length));
    slot.signalId = e.signalId;
    slot.instrument = e.instrument;
    slot.venueSymbol = e.venueSymbol;
    slot.venue = e.venue;
    slot.side = e.side;
    slot.leg = e.leg;
    slot.priceScale = e.priceScale;
    slot.sizeScale = e.sizeScale;
    slot.price = e.price;
    slot.qty = e.qty;
    slot.filledQty = e.filledQty;
    slot.avgFillPrice = e.avgFillPrice;
    slot.status = e.status;
    slot.revision = e.revision;
    slot.signalTimeUs = e.signalTimeUs;
    slot.venueOrderId = e.venueOrderId;
    return slot;
  }

  private static void linkLegs(List<OrderSlot> open) {
    Map<String, OrderSlot> buys = new HashMap<>();
    for (OrderSlot s : open) {
      if (s.leg == Leg.BUY) {
        buys.put(s.signalId, s);
      }
    }
    for (OrderSlot s : open) {
      if (s.leg == Leg.SELL) {
        OrderSlot b = buys.get(s.signalId);
        if (b != null) {
          b.peer = s;
          s.peer = b;
        }
      }
    }
  }

  private static OrderEvent copy(OrderEvent e) {
    OrderEvent c = new OrderEvent();
    c.clientOrderId = e.clientOrderId.toString();
    c.revision = e.revision;
    c.signalId = e.signalId;
    c.instrument = e.instrument;
    c.venue = e.venue;
    c.venueSymbol = e.venueSymbol;
    c.side = e.side;
    c.priceScale = e.priceScale;
    c.sizeScale = e.sizeScale;
    c.price = e.price;
    c.qty = e.qty;
    c.filledQty = e.filledQty;
    c.avgFillPrice = e.avgFillPrice;
    c.status = e.status;
    c.venueOrderId = e.venueOrderId;
    c.mode = e.mode;
    c.signalTimeUs = e.signalTimeUs;
    c.leg = e.leg;
    return c;
  }
}
