package io.deepalpha.ingest.health;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.deepalpha.ingest.json.Json;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code /health} and {@code /ready} of a service, served next to {@code /metrics} by the
 * Prometheus HTTP server (as its default handler, which gets every path the server has no context
 * for).
 *
 * <ul>
 *   <li>{@code /health}: the process answers — always 200, {@code {"status":"UP","service":…}}.
 *   <li>{@code /ready}: 200 {@code {"status":"READY","checks":{"kafka":"ok",…}}} when every check
 *       is ready; otherwise 503 {@code {"status":"NOT_READY","checks":{"kafka":"no broker answered
 *       for 12 s …","OKX":"ok"}}}: each part with "ok" or the reason it is not ready.
 * </ul>
 */
public final class HealthEndpoints implements HttpHandler {
  public static final String OK = "ok";

  private final String service;
  private final CopyOnWriteArrayList<Map.Entry<String, ReadinessCheck>> checks =
      new CopyOnWriteArrayList<>();

  public HealthEndpoints(String service) {
    this.service = service;
  }

  /** Adds a part to {@code /ready}, shown under {@code name}; checks may be added while serving. */
  public HealthEndpoints check(String name, ReadinessCheck check) {
    checks.add(Map.entry(name, check));
    return this;
  }

  /** Every part and its state: "ok" or the reason it is not ready, in the order added. */
  public Map<String, String> states() {
    Map<String, String> states = new LinkedHashMap<>();
    for (Map.Entry<String, ReadinessCheck> check : checks) {
      String reason;
      try {
        reason = check.getValue().notReadyReason();
      } catch (RuntimeException e) {
        reason = "check failed: " + e;
      }
      states.put(check.getKey(), reason == null ? OK : reason);
    }
    return states;
  }

  public boolean ready() {
    return states().values().stream().allMatch(OK::equals);
  }

  /**
   * Registers {@code name} (1 when ready, 0 otherwise) and {@code name_part{part}} (1 when that
   * part of {@code /ready} is ok, 0 otherwise; parts added later appear at the next scrape) on
   * {@code registry}: an alert can name the venue or instrument that stays not ready.
   */
  public HealthEndpoints exposeOn(PrometheusRegistry registry, String name) {
    GaugeWithCallback.builder()
        .name(name)
        .help("1 when " + service + " is ready (every part of /ready ok), 0 otherwise")
        .callback(callback -> callback.call(ready() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name(name + "_part")
        .help("1 when this part of " + service + "'s /ready is ok, 0 otherwise")
        .labelNames("part")
        .callback(
            callback ->
                states().forEach((part, state) -> callback.call(OK.equals(state) ? 1 : 0, part)))
        .register(registry);
    return this;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case "/health" -> respond(exchange, 200, health());
        case "/ready" -> {
          Map<String, String> states = states();
          boolean ready = states.values().stream().allMatch(OK::equals);
          respond(exchange, ready ? 200 : 503, readiness(ready, states));
        }
        default -> respond(exchange, 404, notFound(path));
      }
    }
  }

  private byte[] health() {
    return json(
        g -> {
          g.writeStringField("status", "UP");
          g.writeStringField("service", service);
        });
  }

  private byte[] readiness(boolean ready, Map<String, String> states) {
    return json(
        g -> {
          g.writeStringField("status", ready ? "READY" : "NOT_READY");
          g.writeStringField("service", service);
          g.writeObjectFieldStart("checks");
          for (Map.Entry<String, String> state : states.entrySet()) {
            g.writeStringField(state.getKey(), state.getValue());
          }
          g.writeEndObject();
        });
  }

  private static byte[] notFound(String path) {
    return json(
        g -> {
          g.writeStringField("error", "no such path: " + path);
          g.writeArrayFieldStart("paths");
          g.writeString("/health");
          g.writeString("/ready");
          g.writeString("/metrics");
          g.writeEndArray();
        });
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] json(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
