package io.deepalpha.ingest.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.CollectingSink;
import io.deepalpha.ingest.health.HealthEndpoints;
import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.simulator.Fault;
import io.deepalpha.model.event.Venue;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /ready} served over HTTP as {@code ingest run} serves it (a part per connection and one
 * per instrument), against the simulator: not ready until every instrument's book is synced, ready
 * after, not ready again — naming the instrument and the reason — while an injected sequence gap
 * resyncs, ready once it has.
 */
class InstrumentReadinessSimulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ALL_READY_BINANCE =
      "{\"status\":\"READY\",\"service\":\"ingest run\",\"checks\":{\"BINANCE\":\"ok\","
          + "\"BINANCE/BTC-USDT\":\"ok\",\"BINANCE/ETH-USDT\":\"ok\"}}";

  private final HttpClient http = HttpClient.newHttpClient();
  private final IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
  private SimulatedMarket market;
  private VenueConnector connector;
  private HTTPServer server;

  @BeforeEach
  void startSimulator() throws Exception {
    market = new SimulatedMarket();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    market.close();
  }

  @Test
  void binanceIsReadyOnlyWhileEveryBookIsSyncedFromItsSnapshot() throws Exception {
    // The first snapshot request is refused for 2 s: the session is up, no book is synced.
    market.simulator.failDepthRequests(1, 429, 2);
    serve(Venue.BINANCE, List.of("BTCUSDT", "ETHUSDT"), SimulatedMarket.FAST_BACKOFF);
    assertThat(ready().statusCode()).isEqualTo(503);

    HttpResponse<String> held =
        await(
            r ->
                r.statusCode() == 503
                    && r.body().contains("\"BINANCE\":\"ok\"")
                    && r.body()
                        .contains(
                            "ETH-USDT\":\"book not in sync: book needs a REST snapshot;"
                                + " waiting for a fresh snapshot (snapshot held back"));
    for (String instrument : List.of("BTC-USDT", "ETH-USDT")) {
      assertThat(held.body())
          .startsWith("{\"status\":\"NOT_READY\"")
          .containsPattern(
              "\"BINANCE/"
                  + instrument
                  + "\":\"book not in sync: book needs a REST snapshot; waiting for a fresh"
                  + " snapshot \\(snapshot held back: rate limited \\(429 Retry-After\\) until"
                  + " \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\)\"");
    }

    assertThat(await(r -> r.statusCode() == 200).body()).isEqualTo(ALL_READY_BINANCE);

    // A gap while the next snapshot is refused for 2 s: not ready, naming the book, until resynced.
    market.simulator.failDepthRequests(1, 429, 2);
    market.simulator.inject(Venue.BINANCE, Fault.SEQUENCE_GAP);
    HttpResponse<String> gap = await(r -> r.statusCode() == 503);
    assertThat(gap.body())
        .contains("\"BINANCE\":\"ok\"")
        .containsPattern(
            "\"BINANCE/(BTC|ETH)-USDT\":\"book not in sync: sequence gap: diff U=\\d+, expected"
                + " \\d+; needs a REST snapshot; waiting for a fresh snapshot( \\(snapshot"
                + " [^\"]*\\))?\"");

    assertThat(await(r -> r.statusCode() == 200).body()).isEqualTo(ALL_READY_BINANCE);
    assertThat(connector.handshakes()).as("resynced over REST, same connection").isEqualTo(1);
    assertThat(metrics.restRateLimited.labelValues("BINANCE", "429").get()).isEqualTo(2.0);
  }

  @Test
  void okxIsNotReadyFromAGapUntilTheReconnectsSnapshotSyncsTheBook() throws Exception {
    // Reconnects wait 0.5-1 s, so the broken state lasts long enough to be seen.
    serve(
        Venue.OKX,
        List.of("BTC-USDT"),
        new ConnectorSettings(
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(30)));
    await(r -> r.statusCode() == 200);

    market.simulator.inject(Venue.OKX, Fault.SEQUENCE_GAP);
    HttpResponse<String> gap = await(r -> r.statusCode() == 503);
    assertThat(gap.body())
        .containsPattern(
            "\"OKX/BTC-USDT\":\"(book not in sync: [^\"]*seq[^\"]*|no connection \\(resync of"
                + " BTC-USDT: [^\"]*\\))\"");

    assertThat(await(r -> r.statusCode() == 200).body())
        .isEqualTo(
            "{\"status\":\"READY\",\"service\":\"ingest run\",\"checks\":{\"OKX\":\"ok\","
                + "\"OKX/BTC-USDT\":\"ok\"}}");
    assertThat(connector.handshakes()).isEqualTo(2);
  }

  /** The connector of {@code venue} and a /ready with its parts, as RunCommand builds them. */
  private void serve(Venue venue, List<String> symbols, ConnectorSettings settings)
      throws Exception {
    connector =
        market.connector(
            SimulatedMarket.adapter(venue), symbols, new CollectingSink(), settings, metrics);
    HealthEndpoints health = new HealthEndpoints("ingest run");
    health.check(venue.name(), connector::notReadyReason);
    connector
        .instrumentChecks()
        .forEach((instrument, check) -> health.check(venue.name() + "/" + instrument, check));
    server = metrics.serve(0, health);
    connector.start();
  }

  private HttpResponse<String> ready() throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/ready"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Polls /ready until it matches; returns the matching answer. */
  private HttpResponse<String> await(Predicate<HttpResponse<String>> wanted) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    HttpResponse<String> r = ready();
    while (!wanted.test(r)) {
      assertThat(System.nanoTime() - deadline).as("last /ready: %s", r.body()).isNegative();
      Thread.sleep(5);
      r = ready();
    }
    return r;
  }
}
