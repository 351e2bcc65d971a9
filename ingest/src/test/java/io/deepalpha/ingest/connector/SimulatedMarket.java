package io.deepalpha.ingest.connector;

import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.simulator.SimulatorSettings;
import io.deepalpha.ingest.simulator.VenueSimulator;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.Adapters;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.ingest.venue.RegistryLookup;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The simulator's BTC-USDT and ETH-USDT market, stepping every 5 ms, and a one-thread event loop
 * for the connector under test; {@link #close()} closes the connector, the loop and the simulator.
 */
final class SimulatedMarket implements AutoCloseable {
  static final InstrumentRegistry REGISTRY = InstrumentRegistry.loadDefault();

  /** Reconnects and snapshot retries after 50-400 ms. */
  static final ConnectorSettings FAST_BACKOFF =
      new ConnectorSettings(
          Duration.ofSeconds(5),
          Duration.ofMillis(50),
          Duration.ofMillis(400),
          Duration.ofSeconds(30));

  final VenueSimulator simulator;
  final EventLoopGroup group;
  private VenueConnector connector;

  SimulatedMarket() throws Exception {
    simulator =
        new VenueSimulator(
            SimulatorSettings.defaults().withStepInterval(Duration.ofMillis(5)),
            REGISTRY,
            List.of("BTC-USDT", "ETH-USDT"));
    simulator.start(0);
    group = new NioEventLoopGroup(1);
  }

  /** {@code venue}'s adapter as {@code ingest run} makes it: its default quote source. */
  static VenueAdapter adapter(Venue venue) {
    return Adapters.create(
        venue,
        new AdapterSettings(
            new RegistryLookup(REGISTRY), Adapters.defaultQuoteSource(venue), false));
  }

  /** A connector of {@code adapter} to the simulator, not started yet; closed with the market. */
  VenueConnector connector(
      VenueAdapter adapter,
      List<String> symbols,
      EventSink sink,
      ConnectorSettings settings,
      IngestMetrics metrics) {
    connector =
        new VenueConnector(
            simulator.endpoint(adapter.venue()), adapter, symbols, sink, settings, metrics, group);
    return connector;
  }

  /** Polls {@code condition} every 10 ms; fails naming {@code what} after {@code within}. */
  static void await(BooleanSupplier condition, String what, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    if (connector != null) {
      connector.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    simulator.close();
  }
}
