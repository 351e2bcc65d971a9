package io.deepalpha.ingest.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.CollectingSink;
import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.simulator.SimulatorSettings;
import io.deepalpha.ingest.simulator.VenueSimulator;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.Adapters;
import io.deepalpha.ingest.venue.QuoteSource;
import io.deepalpha.ingest.venue.RegistryLookup;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.ingest.venue.kraken.KrakenProtocol;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import io.netty.channel.nio.NioEventLoopGroup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ingest connected to the simulator's Kraken WebSocket v2 ({@code /kraken/v2}) exactly as to {@code
 * wss://ws.kraken.com/v2}: v2 subscriptions, checked books, quotes and trades of the configured
 * instruments at the venue's time, and a refused subscription counted and dead-lettered.
 */
class KrakenV2SimulatorTest {
  private static final InstrumentRegistry REGISTRY = InstrumentRegistry.loadDefault();

  @Test
  void v2ConnectionGetsCheckedQuotesAndTradesAndReportsARefusedSymbol() throws Exception {
    NioEventLoopGroup group = new NioEventLoopGroup(1);
    try (VenueSimulator simulator =
        new VenueSimulator(
            SimulatorSettings.defaults().withStepInterval(Duration.ofMillis(5)),
            REGISTRY,
            List.of("BTC-USDT", "ETH-USDT"))) {
      simulator.start(0);
      VenueAdapter adapter =
          Adapters.create(
              Venue.KRAKEN,
              new AdapterSettings(
                  new RegistryLookup(REGISTRY), QuoteSource.BOOK, false, KrakenProtocol.V2));
      SyncSink sink = new SyncSink();
      // XMR/USD is configured but the simulator's market does not list it: an error ack per
      // channel.
      List<String> symbols = List.of("BTC/USDT", "ETH/USDT", "XMR/USD");
      VenueConnector connector =
          new VenueConnector(
              URI.create(simulator.endpoint(Venue.KRAKEN) + "/v2"),
              adapter,
              symbols,
              sink,
              ConnectorSettings.defaults(),
              new IngestMetrics(new PrometheusRegistry()),
              group);
      try {
        connector.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!sink.enough() && System.nanoTime() - deadline < 0) {
          Thread.sleep(10);
        }
      } finally {
        connector.close();
      }
      synchronized (sink) {
        assertThat(sink.quotes).as("quotes").hasSizeGreaterThanOrEqualTo(50);
        assertThat(sink.trades).as("trades").isNotEmpty();
        assertThat(sink.quotes)
            .extracting(Quote::getInstrument)
            .containsOnly("BTC-USDT", "ETH-USDT")
            .contains("BTC-USDT", "ETH-USDT");
        for (Quote q : sink.quotes) {
          assertThat(q.getTimeSource()).isEqualTo(TimeSource.EXCHANGE);
          assertThat(Math.abs(q.getReceiveTimeNs() / 1_000 - q.getExchangeTimeUs()))
              .as("venue time near receive time")
              .isLessThan(5_000_000L);
          assertThat(q.getBidPrice()).isLessThan(q.getAskPrice());
        }
        for (Trade t : sink.trades) {
          assertThat(t.getTradeId()).isNotBlank();
          assertThat(t.getVenueSymbol()).isIn("BTC/USDT", "ETH/USDT");
        }
        assertThat(sink.deadLetters)
            .extracting(DeadLetter::getStage)
            .containsExactly("subscribe", "subscribe");
        assertThat(sink.deadLetters.get(0).getReason())
            .isEqualTo("subscribe refused: Currency pair not supported XMR/USD");
      }
      assertThat(adapter.counters().subscriptionErrors).isEqualTo(2);
      assertThat(adapter.counters().checksumsVerified).isGreaterThanOrEqualTo(50);
      assertThat(adapter.counters().checksumMismatches).isZero();
      assertThat(adapter.counters().control).as("acks, status, heartbeats").isPositive();
      assertThat(connector.handshakes()).isEqualTo(1);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** Collects on the connector's thread, read by the test thread. */
  private static final class SyncSink extends CollectingSink {
    synchronized boolean enough() {
      return quotes.size() >= 50 && !trades.isEmpty() && deadLetters.size() >= 2;
    }

    @Override
    public synchronized void onQuote(Quote quote) {
      super.onQuote(quote);
    }

    @Override
    public synchronized void onTrade(Trade trade) {
      super.onTrade(trade);
    }

    @Override
    public synchronized void onDeadLetter(DeadLetter deadLetter) {
      super.onDeadLetter(deadLetter);
    }
  }
}
