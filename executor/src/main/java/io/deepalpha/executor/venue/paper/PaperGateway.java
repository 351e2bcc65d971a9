package io.deepalpha.executor.venue.paper;

import io.deepalpha.executor.core.OrderSlot;
import io.deepalpha.executor.risk.Books;
import io.deepalpha.executor.risk.InstrumentBook;
import io.deepalpha.executor.risk.LiveConfig;
import io.deepalpha.executor.venue.VenueGateway;
import io.deepalpha.executor.venue.VenueListener;
import io.deepalpha.model.event.Liquidity;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Venue;

/**
 * Paper trading: an IOC limit order fills, after PAPER_LATENCY_MS, against the venue's latest quote
 * from md.quotes as it is at that moment — a buy takes the ask if the ask is at or below the limit,
 * up to the ask size, a sell the bid — and pays the taker fee of config.instruments. What cannot
 * fill expires, as an IOC does. Orders are answered in send order (constant latency).
 */
public final class PaperGateway implements VenueGateway {
  public static final int FEE_SCALE = 8;

  private final Venue venue;
  private final Books books;
  private final LiveConfig config;
  private final long latencyNs;
  private final OrderSlot[] queue;
  private final long[] dueNs;
  private int head;
  private int size;

  public PaperGateway(Venue venue, Books books, LiveConfig config, long latencyNs, int capacity) {
    this.venue = venue;
    this.books = books;
    this.config = config;
    this.latencyNs = latencyNs;
    this.queue = new OrderSlot[capacity];
    this.dueNs = new long[capacity];
  }

  @Override
  public Venue venue() {
    return venue;
  }

  @Override
  public boolean canSend(long nowNs) {
    return size < queue.length;
  }

  @Override
  public void send(OrderSlot slot, long nowNs) {
    enqueue(slot, nowNs + latencyNs);
  }

  /** A paper order is in memory only: one that a restart interrupted never reached a book. */
  @Override
  public void query(OrderSlot slot, long nowNs) {
    slot.pending = 1;
    enqueue(slot, nowNs);
  }

  private void enqueue(OrderSlot slot, long due) {
    int tail = (head + size) % queue.length;
    queue[tail] = slot;
    dueNs[tail] = due;
    size++;
  }

  @Override
  public int poll(long nowNs, VenueListener listener) {
    int work = 0;
    while (size > 0 && dueNs[head] - nowNs <= 0) {
      OrderSlot slot = queue[head];
      queue[head] = null;
      head = (head + 1) % queue.length;
      size--;
      if (slot.pending == 1) {
        slot.pending = 0;
        listener.onOrderUpdate(
            slot, OrderStatus.EXPIRED, 0, 0, null, "paper order lost in an executor restart");
      } else {
        execute(slot, listener);
      }
      work++;
    }
    return work;
  }

  private void execute(OrderSlot slot, VenueListener listener) {
    InstrumentBook book = books.get(slot.instrument);
    long touch = slot.buy() ? book.ask(venue) : book.bid(venue);
    long available = slot.buy() ? book.askSize(venue) : book.bidSize(venue);
    boolean crosses = touch > 0 && (slot.buy() ? touch <= slot.price : touch >= slot.price);
    long qty = crosses ? Math.min(slot.qty, available) : 0;
    if (qty <= 0) {
      listener.onOrderUpdate(slot, OrderStatus.EXPIRED, 0, 0, null, "IOC: no liquidity at limit");
      return;
    }
    double feeBps = config.takerFeeBps(book.feeKey(venue));
    double fee = book.size(qty) * book.price(touch) * feeBps / 10_000.0;
    long feeMantissa = Math.round(fee * 100_000_000.0);
    listener.onFill(
        slot,
        "paper-" + slot.clientOrderIdView,
        touch,
        qty,
        FEE_SCALE,
        feeMantissa,
        book.quoteCurrency(),
        Liquidity.TAKER,
        System.currentTimeMillis() * 1000);
    listener.onOrderUpdate(
        slot,
        qty == slot.qty ? OrderStatus.FILLED : OrderStatus.EXPIRED,
        qty,
        touch,
        "paper-" + slot.index,
        qty == slot.qty ? null : "IOC: partially filled, rest expired");
  }

  @Override
  public boolean reachable() {
    return true;
  }

  @Override
  public void close() {}
}
