package io.deepalpha.ingest.cdc;

import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/** What {@code ingest cdc} exposes on {@code /metrics}. */
public final class CdcMetrics {
  private final PrometheusRegistry registry;

  /** Config changes acknowledged by Kafka, per table and op. */
  final Counter published;

  /** Source commit time to Kafka acknowledgement of the last change published, per table. */
  final Gauge lagSeconds;

  /** Source commit time to Kafka acknowledgement, every change. */
  final Histogram commitToAck;

  /** Failures, per stage: map (unreadable change event), kafka (send failed), engine (stopped). */
  final Counter errors;

  /** 1 while the engine streams (task started), 0 otherwise. */
  final Gauge engineUp;

  /** The highest config version published. */
  final Gauge lastVersion;

  /** Debezium heartbeats seen: the engine is alive and confirming its position to the slot. */
  final Counter heartbeats;

  public CdcMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    published =
        Counter.builder()
            .name("ingest_cdc_changes_published_total")
            .help("Config changes acknowledged by Kafka")
            .labelNames("table", "op")
            .register(registry);
    lagSeconds =
        Gauge.builder()
            .name("ingest_cdc_lag_seconds")
            .help("Source commit time to Kafka ack of the last change published")
            .labelNames("table")
            .register(registry);
    commitToAck =
        Histogram.builder()
            .name("ingest_cdc_commit_to_ack_seconds")
            .help("Source commit time to Kafka acknowledgement")
            .classicExponentialUpperBounds(0.005, 2, 14)
            .register(registry);
    errors =
        Counter.builder()
            .name("ingest_cdc_errors_total")
            .help("Config CDC failures")
            .labelNames("stage")
            .register(registry);
    engineUp =
        Gauge.builder()
            .name("ingest_cdc_engine_up")
            .help("1 while the Debezium engine streams")
            .register(registry);
    lastVersion =
        Gauge.builder()
            .name("ingest_cdc_last_version")
            .help("Highest config version published")
            .register(registry);
    heartbeats =
        Counter.builder()
            .name("ingest_cdc_heartbeats_total")
            .help("Debezium heartbeats (position confirmed while the tables are quiet)")
            .register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
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
}
