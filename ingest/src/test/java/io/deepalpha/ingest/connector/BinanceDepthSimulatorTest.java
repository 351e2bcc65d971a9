package io.deepalpha.ingest.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.Venue;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Binance end to end against the simulator: {@code depth@100ms} diffs synced with the REST {@code
 * /api/v3/depth} snapshot the simulator serves on the same port, quotes from the synced book only.
 */
class BinanceDepthSimulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
  private SimulatedMarket market;
  private VenueConnector connector;
  private VenueAdapter adapter;
  private TopCheckingSink sink;

  @BeforeEach
  void startSimulator() throws Exception {
    market = new SimulatedMarket();
  }

  @AfterEach
  void stop() {
    market.close();
  }

  @Test
  void quotesAreTheTopOfTheBookSyncedFromTheRestSnapshot() throws Exception {
    connect(List.of("BTCUSDT", "ETHUSDT"));

    await(() -> sink.quotes() >= 100 && sink.trades() >= 5, "quotes and trades");

    synchronized (sink) {
      assertThat(sink.mismatches).as("quotes that are not the top of the book").isEmpty();
      assertThat(sink.exchangeTimed).isEqualTo(sink.quotes);
      assertThat(sink.symbols).containsExactlyInAnyOrder("BTCUSDT", "ETHUSDT");
      assertThat(sink.deadLetters).isEmpty();
    }
    assertThat(adapter.counters().gaps).isZero();
    assertThat(fetches()).as("one snapshot per symbol").isEqualTo(2.0);
    assertThat(market.simulator.depthRequests()).isEqualTo(2);
    assertThat(connector.handshakes()).isEqualTo(1);
  }

  @Test
  void simulatorServesTheBinanceRestShape() throws Exception {
    connect(List.of("BTCUSDT"));
    await(() -> sink.quotes() >= 1, "a quote");
    URI base = VenueConnector.defaultRestEndpoint(market.simulator.endpoint(Venue.BINANCE));
    HttpClient client = HttpClient.newHttpClient();

    HttpResponse<String> ok =
        client.send(
            HttpRequest.newBuilder(base.resolve("/api/v3/depth?symbol=BTCUSDT&limit=2")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unknown =
        client.send(
            HttpRequest.newBuilder(base.resolve("/api/v3/depth?symbol=NOPE&limit=5")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body())
        .matches(
            "\\{\"lastUpdateId\":\\d+,\"bids\":\\[\\[\"[0-9.]+\",\"[0-9.]+\"\\],"
                + "\\[\"[0-9.]+\",\"[0-9.]+\"\\]\\],\"asks\":\\[.*\\]\\}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("-1121");
    market.simulator.failDepthRequests(1, 429);
    HttpResponse<String> limited =
        client.send(
            HttpRequest.newBuilder(base.resolve("/api/v3/depth?symbol=BTCUSDT&limit=5")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("1");
  }

  @Test
  void failedSnapshotsAreRetriedWithBackoffThenTheBookSyncs() throws Exception {
    market.simulator.failDepthRequests(2, 500);
    market.simulator.failDepthRequests(1, 429); // with Retry-After: 1
    long start = System.nanoTime();

    connect(List.of("BTCUSDT"));
    await(() -> sink.quotes() >= 20, "quotes after the failures");

    assertThat(metrics.snapshotFailures.labelValues("BINANCE", "500").get()).isEqualTo(2.0);
    assertThat(metrics.snapshotFailures.labelValues("BINANCE", "429").get()).isEqualTo(1.0);
    assertThat(fetches()).isEqualTo(4.0);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("waited at least the 429's Retry-After")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(market.simulator.depthRequests()).isEqualTo(4);
    synchronized (sink) {
      assertThat(sink.mismatches).isEmpty();
      assertThat(sink.quotesOnInvalidBook).isZero();
    }
    assertThat(connector.handshakes()).as("no reconnect for a REST failure").isEqualTo(1);
  }

  private double fetches() {
    return metrics.snapshotFetches.labelValues("BINANCE").get();
  }

  private void connect(List<String> symbols) {
    adapter = SimulatedMarket.adapter(Venue.BINANCE);
    sink = new TopCheckingSink(adapter);
    connector = market.connector(adapter, symbols, sink, SimulatedMarket.FAST_BACKOFF, metrics);
    connector.start();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    SimulatedMarket.await(condition, what, WAIT);
  }

  /** Compares every quote, on the connector's thread, with the top of the adapter's book. */
  private static final class TopCheckingSink implements EventSink {
    private final VenueAdapter adapter;
    final List<String> mismatches = new ArrayList<>();
    final List<String> deadLetters = new ArrayList<>();
    final java.util.Set<String> symbols = new java.util.HashSet<>();
    int quotes;
    int exchangeTimed;
    int quotesOnInvalidBook;
    private int trades;

    TopCheckingSink(VenueAdapter adapter) {
      this.adapter = adapter;
    }

    synchronized int quotes() {
      return quotes;
    }

    synchronized int trades() {
      return trades;
    }

    @Override
    public synchronized void onQuote(Quote q) {
      quotes++;
      symbols.add(q.getVenueSymbol());
      if (q.getTimeSource() == TimeSource.EXCHANGE) {
        exchangeTimed++;
      }
      OrderBook book = adapter.book(q.getVenueSymbol());
      if (book == null || !book.valid()) {
        quotesOnInvalidBook++;
        return;
      }
      if (q.getBidPrice() != book.bids().price(0)
          || q.getBidSize() != book.bids().size(0)
          || q.getAskPrice() != book.asks().price(0)
          || q.getAskSize() != book.asks().size(0)) {
        mismatches.add(q.toString());
      }
    }

    @Override
    public synchronized void onTrade(Trade trade) {
      trades++;
    }

    @Override
    public synchronized void onDeadLetter(DeadLetter deadLetter) {
      deadLetters.add(deadLetter.getStage() + ": " + deadLetter.getReason());
    }
  }
}
