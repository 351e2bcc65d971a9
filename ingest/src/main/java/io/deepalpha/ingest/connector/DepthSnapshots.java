package io.deepalpha.ingest.connector;

import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.model.event.Venue;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Fetches Binance REST depth snapshots ({@code GET <base>/api/v3/depth?symbol=S&limit=N}) for one
 * connector, without blocking its event loop: the request runs on the JDK HTTP client's threads and
 * the answer is handed back on the loop, where the adapter applies it (FACTS.md §5: the adapter
 * buffers the diffs meanwhile and replays those after the snapshot's {@code lastUpdateId}).
 *
 * <p>Rate-limit care: one request in flight at a time — a resync of many instruments (a reconnect,
 * a burst of gaps) is a queue worked through one answer after the other, never a storm; at most one
 * request waiting per symbol (a resync asked for again while one is pending is absorbed); every
 * request passes the host's {@link RequestWeightGate} first (held back while the minute's reported
 * {@code X-MBX-USED-WEIGHT-1M} plus its weight would exceed the limit, and while a 429's or 418's
 * {@code Retry-After} runs: nothing goes to the host before it passes). A failure (I/O error, any
 * status but 200) and a snapshot the adapter could not use (older than the buffered diffs) retry
 * that symbol with the connector's exponential backoff and jitter; a snapshot that synced the book
 * starts its backoff over. Every method runs on the event loop.
 */
final class DepthSnapshots {
  /** Depth levels per side asked for. */
  static final int LIMIT = 1_000;

  /**
   * Request weight of {@code limit=1000} (Binance rest-api.md, "Order book": limit 1-100 → 5,
   * 101-500 → 25, 501-1000 → 50, 1001-5000 → 250).
   */
  static final int WEIGHT = 50;

  /** Longest a held-back request waits before the gate is asked again. */
  static final long RECHECK_MS = 1_000;

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** What the connector does with a snapshot; true when the book is in sync after it. */
  interface Target {
    boolean apply(String venueSymbol, URI url, byte[] body, long receiveTimeNs);
  }

  /** Told why a symbol's snapshot is not on its way (held back, failed and retrying). */
  interface Waiting {
    void onWaiting(String venueSymbol, String why);
  }

  private final URI base;
  private final EventLoop loop;
  private final ConnectorSettings settings;
  private final IngestMetrics metrics;
  private final Venue venue;
  private final RequestWeightGate gate;
  private final Waiting waiting;
  private final Map<String, Symbol> symbols = new HashMap<>();

  /** Symbols whose request waits for its turn, in the order asked. */
  private final ArrayDeque<Symbol> queue = new ArrayDeque<>();

  /** Answers of an earlier connection are dropped: its buffered diffs went with it. */
  private long connection;

  private Target target;
  private boolean inFlight;
  private ScheduledFuture<?> pumpTimer;

  DepthSnapshots(
      URI base,
      Venue venue,
      EventLoop loop,
      ConnectorSettings settings,
      IngestMetrics metrics,
      RequestWeightGate gate,
      Waiting waiting) {
    this.base = base;
    this.venue = venue;
    this.loop = loop;
    this.settings = settings;
    this.metrics = metrics;
    this.gate = gate;
    this.waiting = waiting;
    metrics.restWeightLimit.labelValues(venue.name()).set(gate.limit());
  }

  URI base() {
    return base;
  }

  /** A new connection: pending requests of the old one are forgotten. */
  void onConnect(Target target) {
    connection++;
    this.target = target;
    queue.clear();
    symbols.clear();
    if (pumpTimer != null) {
      pumpTimer.cancel(false);
      pumpTimer = null;
    }
  }

  /** The connection closed: nothing more is fetched for it. */
  void onDisconnect() {
    onConnect(null);
  }

  /** The adapter asked for a snapshot of {@code venueSymbol}. */
  void request(String venueSymbol) {
    if (target == null) {
      return;
    }
    Symbol s = symbols.computeIfAbsent(venueSymbol, Symbol::new);
    if (s.pending) {
      return;
    }
    long delayMs =
        s.attempt == 0
            ? 0
            : settings.backoffMillis(s.attempt - 1, ThreadLocalRandom.current().nextDouble());
    enqueue(s, delayMs);
  }

  private void enqueue(Symbol s, long delayMs) {
    s.pending = true;
    s.heldBack = false;
    s.dueAtMs = System.currentTimeMillis() + delayMs;
    queue.addLast(s);
    pump();
  }

  /** Sends the next due request when none is in flight and the gate lets it through. */
  private void pump() {
    if (inFlight || queue.isEmpty() || target == null) {
      return;
    }
    long now = System.currentTimeMillis();
    Symbol next = null;
    for (Symbol s : queue) {
      if (next == null || s.dueAtMs - next.dueAtMs < 0) {
        next = s;
      }
    }
    long waitMs = Math.max(0, next.dueAtMs - now);
    RequestWeightGate.Hold hold = gate.hold(WEIGHT);
    if (hold != RequestWeightGate.Hold.NONE) {
      String why = describe(hold);
      for (Symbol s : queue) {
        if (!s.heldBack) { // counted once per request, however long it waits
          s.heldBack = true;
          metrics.restHeldBack.labelValues(venue.name(), reason(hold)).inc();
        }
        waiting.onWaiting(s.venueSymbol, why);
      }
      waitMs = Math.max(waitMs, gate.waitMillis(WEIGHT));
    }
    if (waitMs > 0) {
      if (pumpTimer != null) {
        pumpTimer.cancel(false);
      }
      // Looked at again at least every second: a wall clock that jumped, a new connection.
      pumpTimer =
          loop.schedule(this::pumpOnTimer, Math.min(waitMs, RECHECK_MS), TimeUnit.MILLISECONDS);
      return;
    }
    queue.remove(next);
    fetch(next, connection);
  }

  private void pumpOnTimer() {
    pumpTimer = null;
    pump();
  }

  private String describe(RequestWeightGate.Hold hold) {
    String until = " until " + Instant.ofEpochMilli(gate.heldUntilMs(WEIGHT));
    return switch (hold) {
      case WEIGHT ->
          "held back: request weight "
              + gate.usedWeight()
              + " of "
              + gate.limit()
              + " used this minute"
              + until;
      case RATE_LIMITED -> "held back: rate limited (429 Retry-After)" + until;
      case BANNED -> "held back: IP banned (418 Retry-After)" + until;
      case NONE -> "due";
    };
  }

  private static String reason(RequestWeightGate.Hold hold) {
    return switch (hold) {
      case WEIGHT -> "weight";
      case RATE_LIMITED -> "rate-limited";
      case BANNED -> "banned";
      case NONE -> "none";
    };
  }

  private void fetch(Symbol s, long conn) {
    inFlight = true;
    gate.sent(WEIGHT);
    metrics.snapshotFetches.labelValues(venue.name()).inc();
    URI url = base.resolve("/api/v3/depth?symbol=" + s.venueSymbol + "&limit=" + LIMIT);
    HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
    CLIENT
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete((response, error) -> loop.execute(() -> onAnswer(s, conn, response, error)));
  }

  private void onAnswer(Symbol s, long conn, HttpResponse<byte[]> response, Throwable error) {
    inFlight = false;
    int status = response == null ? 0 : response.statusCode();
    String used = header(response, RequestWeightGate.USED_WEIGHT_HEADER);
    gate.answered(WEIGHT, status, used, header(response, "Retry-After"));
    if (used != null) {
      metrics.restUsedWeight.labelValues(venue.name()).set(gate.usedWeight());
    }
    if (status == 429 || status == 418) {
      metrics.restRateLimited.labelValues(venue.name(), Integer.toString(status)).inc();
    }
    if (conn == connection) {
      handle(s, response, error);
    }
    pump();
  }

  private void handle(Symbol s, HttpResponse<byte[]> response, Throwable error) {
    s.pending = false;
    s.attempt++;
    if (error != null || response.statusCode() != 200) {
      String cause = error != null ? error.getClass().getSimpleName() : "" + response.statusCode();
      metrics.snapshotFailures.labelValues(venue.name(), cause).inc();
      // The gate holds every request of the host for a 429/418's Retry-After.
      waiting.onWaiting(s.venueSymbol, "failed (" + cause + "), retrying");
      enqueue(s, settings.backoffMillis(s.attempt - 1, ThreadLocalRandom.current().nextDouble()));
      return;
    }
    // May ask again at once (snapshot older than the buffer): that request waits its backoff.
    if (target.apply(
        s.venueSymbol,
        response.uri(),
        response.body(),
        io.deepalpha.ingest.time.WallClock.epochNanos())) {
      s.attempt = 0;
    }
  }

  private static String header(HttpResponse<byte[]> response, String name) {
    return response == null ? null : response.headers().firstValue(name).orElse(null);
  }

  /** Fetch state of one symbol. */
  private static final class Symbol {
    final String venueSymbol;
    boolean pending;
    boolean heldBack;
    int attempt;
    long dueAtMs;

    Symbol(String venueSymbol) {
      this.venueSymbol = venueSymbol;
    }
  }
}
