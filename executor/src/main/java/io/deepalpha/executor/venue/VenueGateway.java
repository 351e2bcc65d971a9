package io.deepalpha.executor.venue;

import io.deepalpha.executor.core.OrderSlot;
import io.deepalpha.model.event.Venue;

/**
 * A venue's order entry as the executor thread sees it. Every method is called from that thread
 * only and must not block; answers arrive through {@link #poll}.
 */
public interface VenueGateway extends AutoCloseable {

  Venue venue();

  /** False while disconnected, banned (418/429 Retry-After) or close to the venue's limits. */
  boolean canSend(long nowNs);

  /** Sends a new order. Never resends: a lost answer is resolved by {@link #query}. */
  void send(OrderSlot slot, long nowNs);

  /** Asks the venue for the order's state by its client order id. */
  void query(OrderSlot slot, long nowNs);

  /** Delivers answers and overdue (UNKNOWN) orders; returns the amount of work done. */
  int poll(long nowNs, VenueListener listener);

  /** Whether the venue answered recently (for /ready). */
  boolean reachable();

  @Override
  void close();
}
