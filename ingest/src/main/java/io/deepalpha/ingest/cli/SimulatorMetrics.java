package io.deepalpha.ingest.cli;

import io.deepalpha.ingest.simulator.VenueSimulator;
import io.deepalpha.model.event.Venue;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/** {@code /metrics} of {@code ingest simulate}: frames sent and connections accepted. */
final class SimulatorMetrics {

  private SimulatorMetrics() {}

  static HTTPServer serve(VenueSimulator simulator, int port) throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    CounterWithCallback.builder()
        .name("ingest_simulator_frames_sent_total")
        .help("Frames the simulator sent, all venues")
        .callback(callback -> callback.call(simulator.framesSent()))
        .register(registry);
    CounterWithCallback.builder()
        .name("ingest_simulator_connections_total")
        .help("WebSocket connections accepted, per venue")
        .labelNames("venue")
        .callback(
            callback -> {
              for (Venue venue : Venue.values()) {
                callback.call(simulator.connections(venue), venue.name());
              }
            })
        .register(registry);
    return HTTPServer.builder().port(port).registry(registry).buildAndStart();
  }
}
