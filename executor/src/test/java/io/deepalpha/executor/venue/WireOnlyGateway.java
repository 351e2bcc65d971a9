package io.deepalpha.executor.venue;

import io.deepalpha.executor.core.OrderSlot;
import io.deepalpha.executor.venue.http.HttpConnection;
import io.deepalpha.model.event.Liquidity;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Venue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * Benchmark gateway: a real venue encoder (a {@link RestGateway} such as BinanceGateway: request
 * line, headers, body, HMAC signature) and a real {@link HttpConnection} write to a loopback peer
 * that discards the bytes; every order is then answered "filled at its limit price" on the executor
 * thread in {@link #poll}. It lets a benchmark run the executor thread's whole per-signal work
 * (rules, journal, ids, encoding, signing, socket write, applying the answer) without the venue's
 * answer being parsed on another thread — that parsing allocates and would be counted by JMH's
 * {@code -prof gc}, which sums every thread of the JVM.
 */
public final class WireOnlyGateway implements VenueGateway {
  private static final String VENUE_ORDER_ID = "1";
  private static final String FILL_ID = "1";

  private final RestGateway encoder;
  private final HttpConnection connection;
  private final OrderSlot[] answered = new OrderSlot[1024];
  private int head;
  private int size;

  /** {@code encoder} only encodes; its own connections are never written. */
  public WireOnlyGateway(RestGateway encoder, URI sink) {
    this.encoder = encoder;
    this.connection =
        new HttpConnection(sink, "wire-only", (tag, response) -> {}, (tag, error) -> {});
  }

  @Override
  public Venue venue() {
    return encoder.venue();
  }

  @Override
  public boolean canSend(long nowNs) {
    return connection.connected() && size < answered.length;
  }

  @Override
  public void send(OrderSlot slot, long nowNs) {
    int length = encoder.encodeNewOrder(slot, System.currentTimeMillis());
    try {
      connection.write(slot, encoder.request.bytes, length, nowNs + 1_000_000_000L);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    connection.takeInFlight(slot);
    answered[(head + size) % answered.length] = slot;
    size++;
  }

  @Override
  public void query(OrderSlot slot, long nowNs) {
    throw new UnsupportedOperationException("orders are always answered");
  }

  @Override
  public int poll(long nowNs, VenueListener listener) {
    int work = size;
    while (size > 0) {
      OrderSlot slot = answered[head];
      answered[head] = null;
      head = (head + 1) % answered.length;
      size--;
      listener.onFill(slot, FILL_ID, slot.price, slot.qty, 8, 0, "USDT", Liquidity.TAKER, 0);
      listener.onOrderUpdate(slot, OrderStatus.FILLED, slot.qty, slot.price, VENUE_ORDER_ID, null);
    }
    return work;
  }

  @Override
  public boolean reachable() {
    return connection.connected();
  }

  @Override
  public void close() {
    connection.close();
    encoder.close();
  }
}
