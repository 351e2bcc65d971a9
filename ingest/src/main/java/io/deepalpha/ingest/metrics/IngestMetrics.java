package io.deepalpha.ingest.metrics;

import com.sun.net.httpserver.HttpHandler;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.ingest.venue.VenueCounters;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

/**
 * Everything ingest exposes on {@code /metrics}. Adapter counters are plain fields read by
 * callbacks at scrape time (nothing on the frame path); producer and connector metrics are
 * Prometheus counters updated from their own threads.
 */
public final class IngestMetrics {
  private final PrometheusRegistry registry;
  private final List<VenueAdapter> adapters = new CopyOnWriteArrayList<>();

  /** Events acknowledged by Kafka, per topic. */
  public final Counter acked;

  /** Sends that failed for good (after the producer's retries), per topic. */
  public final Counter producerErrors;

  /** Records sent again after a failure that left them unstored, per topic and error class. */
  public final Counter resends;

  /** Receive (ns, at ingest) to Kafka acknowledgement. */
  public final Histogram receiveToAck;

  /** WebSocket reconnects, per venue and cause. */
  public final Counter reconnects;

  /** Feeds that went quiet beyond the stale timeout, per venue. */
  public final Counter staleFeeds;

  /** REST book snapshots requested (Binance {@code /api/v3/depth}), per venue. */
  public final Counter snapshotFetches;

  /** REST book snapshots that failed (HTTP status, or the I/O error), per venue and cause. */
  public final Counter snapshotFailures;

  /** Request weight used this minute as the venue last reported it (X-MBX-USED-WEIGHT-1M). */
  public final Gauge restUsedWeight;

  /** The request weight limit per minute ingest keeps its REST requests under, per venue. */
  public final Gauge restWeightLimit;

  /** REST requests held back (weight limit, or a 429/418 Retry-After running), per reason. */
  public final Counter restHeldBack;

  /** REST answers 429 (rate limit broken) and 418 (IP banned), per venue and status. */
  public final Counter restRateLimited;

  public IngestMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    acked =
        Counter.builder()
            .name("ingest_kafka_acked_total")
            .help("Events acknowledged by Kafka")
            .labelNames("topic")
            .register(registry);
    producerErrors =
        Counter.builder()
            .name("ingest_kafka_producer_errors_total")
            .help("Events the producer failed to deliver after its retries")
            .labelNames("topic")
            .register(registry);
    resends =
        Counter.builder()
            .name("ingest_kafka_resends_total")
            .help("Records sent again after the producer failed them unstored")
            .labelNames("topic", "error")
            .register(registry);
    receiveToAck =
        Histogram.builder()
            .name("ingest_receive_to_ack_seconds")
            .help("Frame receive time to Kafka acknowledgement")
            .classicExponentialUpperBounds(0.0005, 2, 16)
            .register(registry);
    reconnects =
        Counter.builder()
            .name("ingest_reconnects_total")
            .help("WebSocket reconnects")
            .labelNames("venue", "cause")
            .register(registry);
    staleFeeds =
        Counter.builder()
            .name("ingest_stale_feeds_total")
            .help("Feeds silent beyond the stale timeout")
            .labelNames("venue")
            .register(registry);
    snapshotFetches =
        Counter.builder()
            .name("ingest_book_snapshot_fetches_total")
            .help("REST book snapshots requested")
            .labelNames("venue")
            .register(registry);
    snapshotFailures =
        Counter.builder()
            .name("ingest_book_snapshot_failures_total")
            .help("REST book snapshots that failed (cause: HTTP status or error)")
            .labelNames("venue", "cause")
            .register(registry);
    restUsedWeight =
        Gauge.builder()
            .name("ingest_rest_used_weight")
            .help("REST request weight used this minute, as the venue last reported it")
            .labelNames("venue")
            .register(registry);
    restWeightLimit =
        Gauge.builder()
            .name("ingest_rest_weight_limit")
            .help("REST request weight per minute ingest stays under")
            .labelNames("venue")
            .register(registry);
    restHeldBack =
        Counter.builder()
            .name("ingest_rest_requests_held_back_total")
            .help("REST requests held back (reason: weight, rate-limited, banned)")
            .labelNames("venue", "reason")
            .register(registry);
    restRateLimited =
        Counter.builder()
            .name("ingest_rest_rate_limited_total")
            .help("REST answers 429 (rate limit broken) and 418 (IP banned)")
            .labelNames("venue", "status")
            .register(registry);
    venueCounter("ingest_frames_total", "Frames received", c -> c.frames);
    venueCounter("ingest_quotes_total", "Quotes normalized", c -> c.quotes);
    venueCounter("ingest_trades_total", "Trades normalized", c -> c.trades);
    venueCounter("ingest_dead_letters_total", "Frames sent to md.deadletter", c -> c.deadLetters);
    venueCounter("ingest_unmapped_total", "Frames about symbols not configured", c -> c.unmapped);
    venueCounter("ingest_control_frames_total", "Acks, heartbeats, other channels", c -> c.control);
    venueCounter("ingest_book_gaps_total", "Book sequence gaps", c -> c.gaps);
    venueCounter(
        "ingest_book_checksum_mismatches_total",
        "Book checksum mismatches",
        c -> c.checksumMismatches);
    venueCounter("ingest_book_crossed_total", "Books found crossed", c -> c.crossedBooks);
    venueCounter("ingest_book_resyncs_total", "Book resyncs requested", c -> c.resyncs);
    venueCounter(
        "ingest_book_checksums_verified_total",
        "Book checksums that matched",
        c -> c.checksumsVerified);
    venueCounter(
        "ingest_subscription_errors_total",
        "Subscriptions the venue refused (error acks)",
        c -> c.subscriptionErrors);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** Adds an adapter's counters to the venue series (several connections of a venue add up). */
  public void track(VenueAdapter adapter) {
    adapters.add(adapter);
  }

  public void untrack(VenueAdapter adapter) {
    adapters.remove(adapter);
  }

  /** Serves {@code /metrics} on {@code port} (0 = any free port); close it on shutdown. */
  public HTTPServer serve(int port) throws IOException {
    return HTTPServer.builder().port(port).registry(registry).buildAndStart();
  }

  /**
   * Serves {@code /metrics} on {@code port}, and every other path ({@code /health}, {@code /ready})
   * with {@code health}.
   */
  public HTTPServer serve(int port, HttpHandler health) throws IOException {
    return HTTPServer.builder()
        .port(port)
        .registry(registry)
        .defaultHandler(health)
        .buildAndStart();
  }

  private void venueCounter(String name, String help, ToLongFunction<VenueCounters> field) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("venue")
        .callback(
            callback -> {
              java.util.Map<String, Long> byVenue = new java.util.TreeMap<>();
              for (VenueAdapter adapter : adapters) {
                byVenue.merge(
                    adapter.venue().name(), field.applyAsLong(adapter.counters()), Long::sum);
              }
              byVenue.forEach((venue, value) -> callback.call(value, venue));
            })
        .register(registry);
  }
}
