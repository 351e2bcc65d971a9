package io.deepalpha.ingest.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.simulator.SimulatorSettings;
import io.deepalpha.ingest.simulator.VenueSimulator;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.Adapters;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.ingest.venue.RegistryLookup;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import io.netty.channel.nio.NioEventLoopGroup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Connections spread over the event-loop threads of the group (run --io-threads), each one staying
 * on its own thread: both deliver, every event of a connection comes from that connection's one
 * thread, and its sequence runs 1, 2, 3… without a gap.
 */
class IoThreadsTest {
  private static final InstrumentRegistry REGISTRY = InstrumentRegistry.loadDefault();
  private static final int EVENTS = 300;

  @Test
  void twoConnectionsOnTwoThreadsBothDeliverWithContinuousSequences() throws Exception {
    NioEventLoopGroup group = new NioEventLoopGroup(2);
    IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
    List<String> instruments = List.of("BTC-USDT", "ETH-USDT");
    Map<Venue, ThreadRecordingSink> sinks = new LinkedHashMap<>();
    List<VenueConnector> connectors = new ArrayList<>();
    try (VenueSimulator simulator =
        new VenueSimulator(
            SimulatorSettings.defaults().withStepInterval(Duration.ofMillis(2)),
            REGISTRY,
            instruments)) {
      simulator.start(0);
      for (Venue venue : List.of(Venue.OKX, Venue.KRAKEN)) {
        ThreadRecordingSink sink = new ThreadRecordingSink();
        sinks.put(venue, sink);
        VenueConnector connector =
            new VenueConnector(
                simulator.endpoint(venue),
                Adapters.create(
                    venue,
                    new AdapterSettings(
                        new RegistryLookup(REGISTRY), Adapters.defaultQuoteSource(venue), false)),
                instruments.stream()
                    .map(i -> REGISTRY.venueSymbol(venue, i).orElseThrow())
                    .toList(),
                sink,
                ConnectorSettings.defaults(),
                metrics,
                group);
        assertThat(connector.notReadyReason()).isEqualTo("connecting");
        connectors.add(connector);
      }
      assertThat(connectors.get(0).eventLoop())
          .as("one event loop per connection")
          .isNotSameAs(connectors.get(1).eventLoop());
      connectors.forEach(VenueConnector::start);

      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (sinks.values().stream().anyMatch(s -> s.count() < EVENTS)) {
        assertThat(System.nanoTime() - deadline).as("events within 60 s: %s", sinks).isNegative();
        Thread.sleep(50);
      }
      for (VenueConnector connector : connectors) {
        assertThat(connector.notReadyReason()).as("flowing").isNull();
      }
      connectors.forEach(VenueConnector::close);
      assertThat(connectors.get(0).notReadyReason()).isEqualTo("closed");
    } finally {
      connectors.forEach(VenueConnector::close);
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    Set<String> threads = new TreeSet<>();
    for (Map.Entry<Venue, ThreadRecordingSink> entry : sinks.entrySet()) {
      ThreadRecordingSink sink = entry.getValue();
      synchronized (sink) {
        assertThat(sink.threads).as("%s events come from one thread", entry.getKey()).hasSize(1);
        threads.addAll(sink.threads);
        assertThat(sink.connections).as("%s connections", entry.getKey()).isNotEmpty();
        assertThat(sink.deadLetters).as("%s dead letters", entry.getKey()).isEmpty();
        sink.sequences.forEach(
            (connection, sequences) -> {
              for (int i = 0; i < sequences.size(); i++) {
                assertThat(sequences.get(i))
                    .as("%s connection %s event %d", entry.getKey(), connection, i)
                    .isEqualTo(i + 1L);
              }
            });
      }
    }
    assertThat(threads).as("the two connections ran on two threads").hasSize(2);
  }

  /** Records, per connection, the sequences in arrival order and the threads they came from. */
  private static final class ThreadRecordingSink implements EventSink {
    final Set<String> threads = new TreeSet<>();
    final Set<Long> connections = new TreeSet<>();
    final Map<Long, List<Long>> sequences = new LinkedHashMap<>();
    final List<String> deadLetters = new ArrayList<>();
    private int count;

    @Override
    public synchronized void onQuote(Quote quote) {
      record(quote.getConnectionId(), quote.getSequence());
    }

    @Override
    public synchronized void onTrade(Trade trade) {
      record(trade.getConnectionId(), trade.getSequence());
    }

    @Override
    public synchronized void onDeadLetter(DeadLetter deadLetter) {
      deadLetters.add(deadLetter.getReason());
    }

    private void record(long connection, long sequence) {
      threads.add(Thread.currentThread().getName());
      connections.add(connection);
      sequences.computeIfAbsent(connection, c -> new ArrayList<>()).add(sequence);
      count++;
    }

    synchronized int count() {
      return count;
    }

    @Override
    public synchronized String toString() {
      return count + " events on " + threads;
    }
  }
}
