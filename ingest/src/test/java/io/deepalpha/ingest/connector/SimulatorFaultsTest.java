package io.deepalpha.ingest.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.simulator.Fault;
import io.deepalpha.ingest.simulator.SimulatorSettings;
import io.deepalpha.ingest.simulator.VenueSimulator;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.Adapters;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.ingest.venue.RegistryLookup;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.ingest.venue.VenueCounters;
import io.deepalpha.ingest.venue.kraken.KrakenProtocol;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each injected fault is detected, counted, recovered from (a new connection with fresh snapshots),
 * and nothing from the broken connection is published after the fault was seen.
 */
class SimulatorFaultsTest {
  private static final InstrumentRegistry REGISTRY = InstrumentRegistry.loadDefault();
  private VenueSimulator simulator;
  private EventLoopGroup group;
  private VenueConnector connector;

  @BeforeEach
  void startSimulator() throws Exception {
    simulator =
        new VenueSimulator(
            SimulatorSettings.defaults()
                .withStepInterval(Duration.ofMillis(5))
                .withStalePeriod(Duration.ofSeconds(3)),
            REGISTRY,
            List.of("BTC-USDT", "ETH-USDT"));
    simulator.start(0);
    group = new NioEventLoopGroup(1);
  }

  @AfterEach
  void stop() {
    if (connector != null) {
      connector.close();
    }
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    simulator.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "OKX, BAD_CHECKSUM, checksumMismatches, true",
    "OKX, SEQUENCE_GAP, gaps, true",
    "OKX, MALFORMED_JSON, deadLetters, false",
    "BYBIT, SEQUENCE_GAP, gaps, true",
    "BYBIT, MALFORMED_JSON, deadLetters, false",
    "BYBIT, DISCONNECT, none, true",
    "KRAKEN, BAD_CHECKSUM, checksumMismatches, true",
    "KRAKEN, SEQUENCE_GAP, checksumMismatches, true",
    "KRAKEN, STALE_FEED, none, true",
    "COINBASE, SEQUENCE_GAP, gaps, true",
    "COINBASE, STALE_FEED, none, true",
    "BINANCE, DISCONNECT, none, true",
    "BINANCE, MALFORMED_JSON, deadLetters, false",
    "BINANCE, SEQUENCE_GAP, gaps, false",
  })
  void faultIsDetectedCountedAndRecoveredFrom(
      Venue venue, Fault fault, String counter, boolean reconnects) throws Exception {
    faultIsDetectedCountedAndRecoveredFrom(venue, KrakenProtocol.V1, fault, counter, reconnects);
  }

  /** The Kraken faults again, on WebSocket v2 ({@code /kraken/v2}). */
  @ParameterizedTest(name = "KRAKEN v2 {0}")
  @CsvSource({
    "BAD_CHECKSUM, checksumMismatches, true",
    "SEQUENCE_GAP, checksumMismatches, true",
    "STALE_FEED, none, true",
    "MALFORMED_JSON, deadLetters, false",
    "DISCONNECT, none, true",
  })
  void krakenV2FaultIsDetectedCountedAndRecoveredFrom(
      Fault fault, String counter, boolean reconnects) throws Exception {
    faultIsDetectedCountedAndRecoveredFrom(
        Venue.KRAKEN, KrakenProtocol.V2, fault, counter, reconnects);
  }

  private void faultIsDetectedCountedAndRecoveredFrom(
      Venue venue, KrakenProtocol protocol, Fault fault, String counter, boolean reconnects)
      throws Exception {
    VenueAdapter adapter =
        Adapters.create(
            venue,
            new AdapterSettings(
                new RegistryLookup(REGISTRY), Adapters.defaultQuoteSource(venue), false, protocol));
    List<String> symbols =
        List.of(
            REGISTRY.venueSymbol(venue, "BTC-USDT").orElseThrow(),
            REGISTRY.venueSymbol(venue, "ETH-USDT").orElseThrow());
    RecordingSink sink = new RecordingSink(adapter, symbols);
    IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
    ConnectorSettings settings =
        new ConnectorSettings(
            Duration.ofSeconds(1),
            Duration.ofMillis(50),
            Duration.ofMillis(400),
            Duration.ofSeconds(30));
    connector =
        new VenueConnector(
            endpoint(venue, protocol), adapter, symbols, sink, settings, metrics, group);
    connector.start();
    await(() -> sink.quoteCount() >= 20, () -> "quotes before the fault");

    simulator.inject(venue, fault);

    ToLongFunction<VenueCounters> detected =
        switch (counter) {
          case "checksumMismatches" -> c -> c.checksumMismatches;
          case "gaps" -> c -> c.gaps;
          case "deadLetters" -> c -> c.deadLetters;
          default -> c -> 0;
        };
    if (!"none".equals(counter)) {
      await(
          () -> detected.applyAsLong(adapter.counters()) >= 1,
          () ->
              counter
                  + " counted; dead letters: "
                  + sink.deadLetterReasons
                  + ", counters: "
                  + describe(adapter.counters()));
    }
    if (reconnects) {
      await(() -> connector.handshakes() >= 2, () -> "reconnected");
    }
    int quotesAtReconnect = sink.quoteCount();
    await(() -> sink.quoteCount() >= quotesAtReconnect + 20, () -> "quotes after recovery");

    synchronized (sink) {
      assertThat(sink.quotesOnInvalidBook).as("quotes built on an invalid book").isZero();
      assertThat(sink.quotesOfBrokenBooksAfterTheFault)
          .as("quotes of a broken book on its connection after the fault was seen")
          .isZero();
      if (reconnects) {
        assertThat(sink.lastConnectionId).isNotEqualTo(sink.firstConnectionId);
      }
    }
    if (fault == Fault.STALE_FEED || fault == Fault.DISCONNECT) {
      assertThat(sink.deadLetterReasons).isEmpty();
    }
    assertThat(sink.trades).isPositive();
    if (venue == Venue.BINANCE && fault == Fault.SEQUENCE_GAP) {
      // Resynced from a second REST snapshot on the same connection, not by reconnecting.
      for (String symbol : symbols) {
        await(() -> adapter.book(symbol).valid(), () -> symbol + " book synced again");
      }
      assertThat(connector.handshakes()).isEqualTo(1);
      assertThat(metrics.snapshotFetches.labelValues("BINANCE").get()).isGreaterThanOrEqualTo(3.0);
      assertThat(simulator.depthRequests()).isGreaterThanOrEqualTo(3);
    }
    if (fault == Fault.STALE_FEED) {
      assertThat(metrics.staleFeeds.labelValues(venue.name()).get()).isEqualTo(1.0);
    }
  }

  private java.net.URI endpoint(Venue venue, KrakenProtocol protocol) {
    java.net.URI uri = simulator.endpoint(venue);
    return protocol == KrakenProtocol.V2 ? java.net.URI.create(uri + "/v2") : uri;
  }

  private static String describe(VenueCounters c) {
    return "frames="
        + c.frames
        + " quotes="
        + c.quotes
        + " verified="
        + c.checksumsVerified
        + " skipped="
        + c.skippedWhileSyncing
        + " control="
        + c.control;
  }

  private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for: " + what.get());
      }
      Thread.sleep(10);
    }
  }

  /**
   * Checks every quote on the connector's thread: its book is valid, and it is not from a book that
   * a dead letter of the same connection reported broken.
   */
  private static final class RecordingSink implements EventSink {
    private final VenueAdapter adapter;
    private final List<String> symbols;
    private final java.util.Set<String> brokenBooks = new java.util.HashSet<>();
    final List<String> deadLetterReasons = new ArrayList<>();
    long firstConnectionId;
    long lastConnectionId;
    int quotesOnInvalidBook;
    int quotesOfBrokenBooksAfterTheFault;
    int trades;
    private int quotes;

    RecordingSink(VenueAdapter adapter, List<String> symbols) {
      this.adapter = adapter;
      this.symbols = symbols;
    }

    synchronized int quoteCount() {
      return quotes;
    }

    @Override
    public synchronized void onQuote(Quote quote) {
      OrderBook book = adapter.book(quote.getVenueSymbol());
      if (book != null && !book.valid()) {
        quotesOnInvalidBook++;
      }
      if (brokenBooks.contains(quote.getConnectionId() + "/" + quote.getVenueSymbol())) {
        quotesOfBrokenBooksAfterTheFault++;
      }
      if (quotes++ == 0) {
        firstConnectionId = quote.getConnectionId();
      }
      lastConnectionId = quote.getConnectionId();
    }

    @Override
    public synchronized void onTrade(Trade trade) {
      trades++;
    }

    @Override
    public synchronized void onDeadLetter(DeadLetter deadLetter) {
      deadLetterReasons.add(deadLetter.getStage() + ": " + deadLetter.getReason());
      for (String symbol : symbols) {
        OrderBook book = adapter.book(symbol);
        if (book != null && !book.valid()) {
          brokenBooks.add(deadLetter.getConnectionId() + "/" + symbol);
        }
      }
    }
  }
}
