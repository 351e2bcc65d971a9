package io.deepalpha.executor.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.deepalpha.executor.config.Secret;
import io.deepalpha.executor.metrics.ExecutorMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The operator's HTTP endpoint (JDK HttpServer on one small thread pool, away from the executor
 * thread): /health (the process runs), /ready (Kafka assigned, venues reachable, journal
 * recovered), /metrics (Prometheus text), GET /api/logs/trades (recent fills, JSON lines, ?limit=),
 * POST /admin/reload-config (bearer ADMIN_TOKEN; 401 without, 403 when no token is configured).
 */
public final class HttpApi implements AutoCloseable {
  static {
    // The JDK server writes headers and body separately: without TCP_NODELAY, Nagle and the
    // peer's delayed ACK add ~40 ms to every keep-alive answer. Read once, by the first server.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;

  /** What /ready reports, as named checks. */
  public record Readiness(String name, BooleanSupplier ok) {}

  public HttpApi(
      String bind,
      int port,
      ExecutorMetrics metrics,
      List<Readiness> readiness,
      IntFunction<List<String>> trades,
      Secret adminToken,
      Supplier<String> reload)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(bind, port), 16);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> daemon(r, "executor-http")));
    PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    server.createContext("/health", ex -> respond(ex, 200, "text/plain", "ok\n"));
    server.createContext(
        "/ready",
        ex -> {
          StringBuilder body = new StringBuilder();
          boolean all = true;
          for (Readiness r : readiness) {
            boolean ok = r.ok().getAsBoolean();
            all &= ok;
            body.append(r.name()).append(ok ? " ok\n" : " NOT READY\n");
          }
          respond(ex, all ? 200 : 503, "text/plain", body.toString());
        });
    server.createContext(
        "/metrics",
        ex -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          writer.write(out, metrics.registry().scrape());
          respond(ex, 200, writer.getContentType(), out.toByteArray());
        });
    server.createContext(
        "/api/logs/trades",
        ex -> {
          if (!"GET".equals(ex.getRequestMethod())) {
            respond(ex, 405, "text/plain", "GET only\n");
            return;
          }
          int limit = limitOf(ex.getRequestURI().getQuery());
          respond(ex, 200, "application/x-ndjson", String.join("\n", trades.apply(limit)) + "\n");
        });
    server.createContext(
        "/admin/reload-config",
        ex -> {
          if (!"POST".equals(ex.getRequestMethod())) {
            respond(ex, 405, "text/plain", "POST only\n");
            return;
          }
          if (!adminToken.isSet()) {
            respond(ex, 403, "text/plain", "ADMIN_TOKEN is not configured\n");
            return;
          }
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          if (auth == null
              || !auth.startsWith("Bearer ")
              || !adminToken.matches(auth.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            respond(ex, 401, "text/plain", "missing or wrong bearer token\n");
            return;
          }
          try {
            respond(ex, 200, "text/plain", reload.get() + "\n");
          } catch (RuntimeException e) {
            respond(ex, 400, "text/plain", "reload refused: " + e.getMessage() + "\n");
          }
        });
    server.start();
  }

  private static int limitOf(String query) {
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.startsWith("limit=")) {
          try {
            return Math.max(1, Math.min(1000, Integer.parseInt(kv.substring(6))));
          } catch (NumberFormatException e) {
            return 100;
          }
        }
      }
    }
    return 100;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    respond(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
