package io.deepalpha.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.metrics.IngestMetrics;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** /health and /ready on the same server as /metrics, with the states of their parts as JSON. */
class HealthEndpointsTest {
  private final AtomicReference<String> kafka = new AtomicReference<>();
  private final AtomicReference<String> okx = new AtomicReference<>();

  @Test
  void readyAnswers200WhenEveryPartIsOkAnd503NamingThePartThatIsNot() throws Exception {
    IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
    HealthEndpoints health =
        new HealthEndpoints("ingest run")
            .check("kafka", kafka::get)
            .check("OKX", okx::get)
            .exposeOn(metrics.registry(), "ingest_ready");
    try (HTTPServer server = metrics.serve(0, health)) {
      int port = server.getPort();
      assertThat(get(port, "/ready").statusCode()).isEqualTo(200);
      assertThat(get(port, "/ready").body())
          .isEqualTo(
              "{\"status\":\"READY\",\"service\":\"ingest run\","
                  + "\"checks\":{\"kafka\":\"ok\",\"OKX\":\"ok\"}}");
      assertThat(get(port, "/metrics").body())
          .contains("ingest_ready 1.0")
          .contains("ingest_ready_part{part=\"kafka\"} 1.0")
          .contains("ingest_ready_part{part=\"OKX\"} 1.0");

      okx.set("disconnected (feed silent for 30 s), reconnecting");
      HttpResponse<String> notReady = get(port, "/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(notReady.body())
          .isEqualTo(
              "{\"status\":\"NOT_READY\",\"service\":\"ingest run\",\"checks\":{\"kafka\":\"ok\","
                  + "\"OKX\":\"disconnected (feed silent for 30 s), reconnecting\"}}");
      assertThat(get(port, "/metrics").body())
          .contains("ingest_ready 0.0")
          .contains("ingest_ready_part{part=\"kafka\"} 1.0")
          .contains("ingest_ready_part{part=\"OKX\"} 0.0");

      okx.set(null);
      assertThat(get(port, "/ready").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void healthAnswers200WhileNotReadyAndReasonsAreEscapedJson() throws Exception {
    IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
    kafka.set("no broker answered for 12 s (\"refused\")");
    HealthEndpoints health = new HealthEndpoints("ingest cdc").check("kafka", kafka::get);
    try (HTTPServer server = metrics.serve(0, health)) {
      int port = server.getPort();
      HttpResponse<String> alive = get(port, "/health");
      assertThat(alive.statusCode()).isEqualTo(200);
      assertThat(alive.body()).isEqualTo("{\"status\":\"UP\",\"service\":\"ingest cdc\"}");
      assertThat(get(port, "/ready").body())
          .contains("\"kafka\":\"no broker answered for 12 s (\\\"refused\\\")\"");
      assertThat(get(port, "/nope").statusCode()).isEqualTo(404);
      assertThat(get(port, "/metrics").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aCheckThatThrowsMakesItsPartNotReadyInsteadOfFailingTheRequest() throws Exception {
    HealthEndpoints health =
        new HealthEndpoints("ingest run")
            .check(
                "BYBIT",
                () -> {
                  throw new IllegalStateException("boom");
                });
    assertThat(health.ready()).isFalse();
    assertThat(health.states())
        .containsEntry("BYBIT", "check failed: java.lang.IllegalStateException: boom");
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
