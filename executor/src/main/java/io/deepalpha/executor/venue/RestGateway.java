package io.deepalpha.executor.venue;

import io.deepalpha.executor.core.OrderSlot;
import io.deepalpha.executor.metrics.ExecutorCounters;
import io.deepalpha.executor.metrics.ExecutorCounters.Counter;
import io.deepalpha.executor.venue.http.AsciiOut;
import io.deepalpha.executor.venue.http.HttpConnection;
import io.deepalpha.executor.venue.http.HttpResponse;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Venue;
import java.io.IOException;
import java.net.URI;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * What every REST venue shares: a few keep-alive connections with one request each in flight,
 * requests encoded into a reused buffer and written by the executor thread, answers parsed by the
 * connections' reader threads and applied in {@link #poll}, overdue answers turned into UNKNOWN and
 * resolved by querying the order by client order id, and back-off after rate-limit answers.
 * Subclasses speak the venue's protocol.
 */
public abstract class RestGateway implements VenueGateway {
  protected static final int NEW_ORDER = 1;
  protected static final int QUERY = 2;
  private static final long QUERY_RETRY_NS = 200_000_000L;
  private static final long NOT_FOUND_RETRY_NS = 1_000_000_000L;
  private static final int NOT_FOUND_QUERIES = 3;

  private final Venue venue;
  protected final URI endpoint;
  private final String host;
  private final HttpConnection[] connections;
  private final ManyToOneConcurrentArrayQueue<VenueReply> replies =
      new ManyToOneConcurrentArrayQueue<>(4096);
  protected final AsciiOut request = new AsciiOut(8192);
  private final long timeoutNs;
  protected final ExecutorCounters counters;

  /** Orders waiting for a free connection, sent in order as connections free up. */
  private final OrderSlot[] sendQueue = new OrderSlot[256];

  private int sendHead;
  private int sendSize;
  private final OrderSlot[] queries = new OrderSlot[4096];
  private final long[] queryDueNs = new long[4096];
  private int queryHead;
  private int querySize;

  /** Wall-clock ms until which the venue asked us to stay away (Retry-After). */
  protected volatile long retryAfterUntilMs;

  private volatile long lastAnswerNs;

  protected RestGateway(
      Venue venue, URI endpoint, int connectionCount, long timeoutNs, ExecutorCounters counters) {
    this.venue = venue;
    this.endpoint = endpoint;
    this.timeoutNs = timeoutNs;
    this.counters = counters;
    this.host =
        endpoint.getPort() > 0 ? endpoint.getHost() + ":" + endpoint.getPort() : endpoint.getHost();
    this.connections = new HttpConnection[connectionCount];
    for (int i = 0; i < connectionCount; i++) {
      connections[i] =
          new HttpConnection(
              endpoint,
              venue.name().toLowerCase(java.util.Locale.ROOT) + "-http-" + i,
              this::onResponse,
              this::onLost);
    }
  }

  /** Encodes the new-order request of {@code slot} into {@link #request}; returns its length. */
  protected abstract int encodeNewOrder(OrderSlot slot, long nowMs);

  /** Encodes the query of {@code slot} by client order id into {@link #request}. */
  protected abstract int encodeQuery(OrderSlot slot, long nowMs);

  /** Reader thread: the answer to a new order. */
  protected abstract VenueReply parseNewOrder(OrderSlot slot, HttpResponse response);

  /** Reader thread: the answer to a query. */
  protected abstract VenueReply parseQuery(OrderSlot slot, HttpResponse response);

  /** Reader thread: rate-limit headers and the like, for every answer. */
  protected void onHeaders(HttpResponse response) {}

  /** Venue-specific send limits (weights, order counts) on top of connections and Retry-After. */
  protected boolean withinLimits() {
    return true;
  }

  /** Answers that are not about an order (server time); the tag is the subclass's own. */
  protected void onOtherResponse(Object tag, HttpResponse response) {}

  @Override
  public Venue venue() {
    return venue;
  }

  /**
   * Connected, not told to back off, under the venue's limits, and room in the short queue of
   * orders waiting for a connection (a burst after a restart must not be refused wholesale).
   */
  @Override
  public boolean canSend(long nowNs) {
    return System.currentTimeMillis() >= retryAfterUntilMs
        && withinLimits()
        && reachable()
        && sendSize < sendQueue.length;
  }

  protected HttpConnection idleConnection() {
    for (HttpConnection c : connections) {
      if (c.idle()) {
        return c;
      }
    }
    return null;
  }

  @Override
  public void send(OrderSlot slot, long nowNs) {
    slot.pending = NEW_ORDER;
    HttpConnection c = sendSize == 0 ? idleConnection() : null;
    if (c == null) {
      if (sendSize == sendQueue.length) {
        replies.offer(VenueReply.of(slot, VenueReply.Type.REJECTED, "send queue full"));
        return;
      }
      sendQueue[(sendHead + sendSize) % sendQueue.length] = slot;
      sendSize++;
      return;
    }
    write(c, slot, encodeNewOrder(slot, System.currentTimeMillis()), nowNs);
  }

  private int sendQueued(long nowNs) {
    int work = 0;
    HttpConnection c;
    while (sendSize > 0 && (c = idleConnection()) != null) {
      OrderSlot slot = sendQueue[sendHead];
      sendQueue[sendHead] = null;
      sendHead = (sendHead + 1) % sendQueue.length;
      sendSize--;
      write(c, slot, encodeNewOrder(slot, System.currentTimeMillis()), nowNs);
      work++;
    }
    return work;
  }

  @Override
  public void query(OrderSlot slot, long nowNs) {
    scheduleQuery(slot, nowNs);
  }

  private void write(HttpConnection c, OrderSlot slot, int length, long nowNs) {
    try {
      c.write(slot, request.bytes, length, nowNs + timeoutNs);
    } catch (IOException e) {
      if (c.takeInFlight(slot)) {
        c.abort();
        // Some bytes may have left: the order's fate is unknown until the venue is asked.
        replies.offer(VenueReply.of(slot, VenueReply.Type.UNKNOWN, "write failed: " + e));
      }
    }
  }

  private void onResponse(Object tag, HttpResponse response) {
    lastAnswerNs = System.nanoTime();
    onHeaders(response);
    if (!(tag instanceof OrderSlot slot)) {
      onOtherResponse(tag, response);
      return;
    }
    VenueReply reply;
    try {
      reply = slot.pending == QUERY ? parseQuery(slot, response) : parseNewOrder(slot, response);
    } catch (RuntimeException e) {
      reply =
          VenueReply.of(
              slot,
              slot.pending == QUERY ? VenueReply.Type.QUERY_FAILED : VenueReply.Type.UNKNOWN,
              "unreadable answer (HTTP " + response.status() + "): " + e.getMessage());
    }
    replies.offer(reply);
  }

  private void onLost(Object tag, IOException e) {
    if (tag instanceof OrderSlot slot) {
      replies.offer(
          VenueReply.of(
              slot,
              slot.pending == QUERY ? VenueReply.Type.QUERY_FAILED : VenueReply.Type.UNKNOWN,
              "connection lost: " + e.getMessage()));
    }
  }

  @Override
  public int poll(long nowNs, VenueListener listener) {
    int work = 0;
    VenueReply reply;
    while ((reply = replies.poll()) != null) {
      apply(reply, nowNs, listener);
      work++;
    }
    work += expireOverdue(nowNs, listener);
    work += sendQueued(nowNs);
    work += sendDueQueries(nowNs);
    work += housekeeping(nowNs);
    return work;
  }

  /** Periodic venue work on the executor thread (time sync); returns the work done. */
  protected int housekeeping(long nowNs) {
    return 0;
  }

  private void apply(VenueReply r, long nowNs, VenueListener listener) {
    OrderSlot slot = r.slot;
    boolean wasQuery = slot.pending == QUERY;
    slot.pending = 0;
    switch (r.type) {
      case UPDATE -> {
        for (VenueReply.FillData f : r.fills) {
          listener.onFill(
              slot,
              f.fillId(),
              f.price(),
              f.qty(),
              f.feeScale(),
              f.fee(),
              f.feeAsset(),
              io.deepalpha.model.event.Liquidity.TAKER,
              f.timeUs());
        }
        listener.onOrderUpdate(slot, r.status, r.filledQty, r.avgFillPrice, r.venueOrderId, r.note);
        if (!slot.isFinal()) {
          scheduleQuery(slot, nowNs + QUERY_RETRY_NS);
        }
      }
      case ACKED -> {
        listener.onOrderUpdate(slot, OrderStatus.NEW, 0, 0, r.venueOrderId, r.note);
        scheduleQuery(slot, nowNs + QUERY_RETRY_NS / 4);
      }
      case REJECTED -> listener.onOrderUpdate(slot, OrderStatus.REJECTED, 0, 0, null, r.note);
      case UNKNOWN -> {
        counters.increment(Counter.VENUE_ERRORS);
        listener.onOrderUpdate(
            slot, OrderStatus.UNKNOWN, slot.filledQty, slot.avgFillPrice, null, r.note);
        scheduleQuery(slot, nowNs + QUERY_RETRY_NS);
      }
      case NOT_FOUND -> {
        slot.queries++;
        if (slot.queries >= NOT_FOUND_QUERIES) {
          listener.onOrderUpdate(
              slot,
              OrderStatus.EXPIRED,
              0,
              0,
              null,
              "not found at the venue after " + slot.queries + " queries: never placed");
        } else {
          scheduleQuery(slot, nowNs + NOT_FOUND_RETRY_NS);
        }
      }
      case QUERY_FAILED -> {
        counters.increment(Counter.VENUE_ERRORS);
        scheduleQuery(slot, nowNs + (wasQuery ? NOT_FOUND_RETRY_NS : QUERY_RETRY_NS));
      }
    }
  }

  private int expireOverdue(long nowNs, VenueListener listener) {
    int work = 0;
    for (HttpConnection c : connections) {
      Object tag = c.inFlight();
      if (tag != null && nowNs - c.deadlineNs > 0 && c.takeInFlight(tag)) {
        c.abort(); // a late answer must not be read as the next request's
        work++;
        if (tag instanceof OrderSlot slot) {
          boolean wasQuery = slot.pending == QUERY;
          slot.pending = 0;
          if (!wasQuery) {
            listener.onOrderUpdate(
                slot,
                OrderStatus.UNKNOWN,
                slot.filledQty,
                slot.avgFillPrice,
                null,
                "no answer within VENUE_TIMEOUT_MS: querying");
          }
          scheduleQuery(slot, nowNs);
        }
      }
    }
    return work;
  }

  private void scheduleQuery(OrderSlot slot, long dueNs) {
    int tail = (queryHead + querySize) % queries.length;
    queries[tail] = slot;
    queryDueNs[tail] = dueNs;
    querySize++;
  }

  private int sendDueQueries(long nowNs) {
    int work = 0;
    int n = querySize;
    for (int i = 0; i < n; i++) {
      OrderSlot slot = queries[queryHead];
      long due = queryDueNs[queryHead];
      queries[queryHead] = null;
      queryHead = (queryHead + 1) % queries.length;
      querySize--;
      HttpConnection c;
      if (due - nowNs > 0
          || System.currentTimeMillis() < retryAfterUntilMs
          || (c = idleConnection()) == null) {
        scheduleQuery(slot, due);
        continue;
      }
      slot.pending = QUERY;
      counters.increment(Counter.ORDER_QUERIES);
      write(c, slot, encodeQuery(slot, System.currentTimeMillis()), nowNs);
      work++;
    }
    return work;
  }

  /** Writes a request that is not about an order (e.g. server time) on an idle connection. */
  protected boolean writeOther(Object tag, int length, long nowNs) {
    HttpConnection c = idleConnection();
    if (c == null) {
      return false;
    }
    try {
      c.write(tag, request.bytes, length, nowNs + timeoutNs);
      return true;
    } catch (IOException e) {
      c.takeInFlight(tag);
      c.abort();
      return false;
    }
  }

  /** Retry-After (seconds) of a 418/429 answer: no request until then. */
  protected void backOff(HttpResponse response) {
    long seconds = 1;
    String header = response.header("retry-after");
    if (header != null) {
      try {
        seconds = Math.max(1, Long.parseLong(header.strip()));
      } catch (NumberFormatException e) {
        seconds = 1;
      }
    }
    retryAfterUntilMs = Math.max(retryAfterUntilMs, System.currentTimeMillis() + seconds * 1000);
    counters.incrementShared(Counter.VENUE_RATE_LIMITED);
  }

  /** The Host header value, computed once (a concatenation per request would allocate). */
  protected String host() {
    return host;
  }

  @Override
  public boolean reachable() {
    for (HttpConnection c : connections) {
      if (c.connected()) {
        return true;
      }
    }
    return false;
  }

  public long lastAnswerNs() {
    return lastAnswerNs;
  }

  @Override
  public void close() {
    for (HttpConnection c : connections) {
      c.close();
    }
  }
}
