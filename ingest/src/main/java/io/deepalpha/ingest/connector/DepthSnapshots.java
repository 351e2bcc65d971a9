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
 * <p>Rate-limit care: at most one request in flight or scheduled per symbol (a resync asked for
 * again while one is pending is absorbed); a failure (I/O error, any status but 200; 429 and 418
 * with their {@code Retry-After}) and a snapshot the adapter could not use (older than the buffered
 * diffs) retry with the connector's exponential backoff and jitter; a snapshot that synced the book
 * starts the backoff over. Every method runs on the event loop.
 */
final class DepthSnapshots {
  /** Depth levels per side asked for: weight 50 at Binance (5000 would cost 250). */
  static final int LIMIT = 1_000;

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** What the connector does with a snapshot; true when the book is in sync after it. */
  interface Target {
    boolean apply(String venueSymbol, URI url, byte[] body, long receiveTimeNs);
  }

  private final URI base;
  private final EventLoop loop;
  private final ConnectorSettings settings;
  private final IngestMetrics metrics;
  private final Venue venue;
  private final Map<String, Symbol> symbols = new HashMap<>();

  /** Answers of an earlier connection are dropped: its buffered diffs went with it. */
  private long connection;

  private Target target;

  DepthSnapshots(
      URI base, Venue venue, EventLoop loop, ConnectorSettings settings, IngestMetrics metrics) {
    this.base = base;
    this.venue = venue;
    this.loop = loop;
    this.settings = settings;
    this.metrics = metrics;
  }

  URI base() {
    return base;
  }

  /** A new connection: pending requests of the old one are forgotten. */
  void onConnect(Target target) {
    connection++;
    this.target = target;
    symbols.values().forEach(Symbol::cancel);
    symbols.clear();
  }

  /** The connection closed: nothing more is fetched for it. */
  void onDisconnect() {
    onConnect(null);
  }

  /** The adapter asked for a snapshot of {@code venueSymbol}. */
  void request(String venueSymbol) {
    Symbol s = symbols.computeIfAbsent(venueSymbol, k -> new Symbol());
    if (s.pending || target == null) {
      return;
    }
    long delayMs =
        s.attempt == 0
            ? 0
            : settings.backoffMillis(s.attempt - 1, ThreadLocalRandom.current().nextDouble());
    schedule(venueSymbol, s, delayMs);
  }

  private void schedule(String venueSymbol, Symbol s, long delayMs) {
    s.pending = true;
    long conn = connection;
    s.timer = loop.schedule(() -> fetch(venueSymbol, s, conn), delayMs, TimeUnit.MILLISECONDS);
  }

  private void fetch(String venueSymbol, Symbol s, long conn) {
    if (conn != connection) {
      return;
    }
    metrics.snapshotFetches.labelValues(venue.name()).inc();
    URI url = base.resolve("/api/v3/depth?symbol=" + venueSymbol + "&limit=" + LIMIT);
    HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
    CLIENT
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete(
            (response, error) ->
                loop.execute(() -> onAnswer(venueSymbol, s, conn, response, error)));
  }

  private void onAnswer(
      String venueSymbol, Symbol s, long conn, HttpResponse<byte[]> response, Throwable error) {
    if (conn != connection) {
      return;
    }
    s.pending = false;
    s.attempt++;
    if (error != null || response.statusCode() != 200) {
      String cause = error != null ? error.getClass().getSimpleName() : "" + response.statusCode();
      metrics.snapshotFailures.labelValues(venue.name(), cause).inc();
      long delayMs =
          Math.max(
              settings.backoffMillis(s.attempt - 1, ThreadLocalRandom.current().nextDouble()),
              retryAfterMillis(response));
      schedule(venueSymbol, s, delayMs);
      return;
    }
    // May ask again at once (snapshot older than the buffer): that request waits its backoff.
    if (target.apply(
        venueSymbol,
        response.uri(),
        response.body(),
        io.deepalpha.ingest.time.WallClock.epochNanos())) {
      s.attempt = 0;
    }
  }

  /** Retry-After of a 429/418 (seconds, as Binance sends it), else 0. */
  private static long retryAfterMillis(HttpResponse<byte[]> response) {
    if (response == null) {
      return 0;
    }
    return response
        .headers()
        .firstValue("Retry-After")
        .map(
            v -> {
              try {
                return Math.min(Long.parseLong(v.trim()), 300) * 1_000;
              } catch (NumberFormatException e) {
                return 0L;
              }
            })
        .orElse(0L);
  }

  /** Fetch state of one symbol. */
  private static final class Symbol {
    boolean pending;
    int attempt;
    ScheduledFuture<?> timer;

    void cancel() {
      if (timer != null) {
        timer.cancel(false);
      }
    }
  }
}
