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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A connection's readiness (what {@code /ready} shows for it): connecting, then ready once frames
 * flow; not ready while its I/O thread is blocked downstream (its own stale timer cannot fire
 * then), ready again once it is released; closed.
 */
class ConnectorReadinessTest {
  private static final InstrumentRegistry REGISTRY = InstrumentRegistry.loadDefault();
  private static final Duration STALE_AFTER = Duration.ofSeconds(2);

  @Test
  void aBlockedIoThreadMakesTheConnectionNotReadyUntilFramesFlowAgain() throws Exception {
    NioEventLoopGroup group = new NioEventLoopGroup(1);
    BlockingSink sink = new BlockingSink();
    VenueConnector connector = null;
    try (VenueSimulator simulator =
        new VenueSimulator(
            SimulatorSettings.defaults().withStepInterval(Duration.ofMillis(5)),
            REGISTRY,
            List.of("BTC-USDT"))) {
      simulator.start(0);
      connector =
          new VenueConnector(
              simulator.endpoint(Venue.OKX),
              Adapters.create(
                  Venue.OKX,
                  new AdapterSettings(
                      new RegistryLookup(REGISTRY), Adapters.defaultQuoteSource(Venue.OKX), false)),
              List.of("BTC-USDT"),
              sink,
              new ConnectorSettings(
                  STALE_AFTER,
                  Duration.ofMillis(100),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(30)),
              new IngestMetrics(new PrometheusRegistry()),
              group);
      assertThat(connector.notReadyReason()).isEqualTo("connecting");
      connector.start();
      awaitReason(connector, r -> r == null, Duration.ofSeconds(30));

      sink.gate = new CountDownLatch(1); // the next event blocks the I/O thread
      String blocked =
          awaitReason(
              connector,
              r -> r != null && r.startsWith("no frame handled for"),
              Duration.ofSeconds(30));
      assertThat(blocked)
          .matches(
              "no frame handled for \\d+ s \\(feed silent, or the I/O thread blocked, e\\.g\\. on a"
                  + " full producer buffer\\)");

      sink.gate.countDown();
      awaitReason(connector, r -> r == null, Duration.ofSeconds(30));
      connector.close();
      assertThat(connector.notReadyReason()).isEqualTo("closed");
    } finally {
      sink.gate.countDown();
      if (connector != null) {
        connector.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** Polls the readiness until it matches; returns the matching reason. */
  private static String awaitReason(
      VenueConnector connector, Predicate<String> wanted, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    String reason = connector.notReadyReason();
    while (!wanted.test(reason)) {
      assertThat(System.nanoTime() - deadline).as("last reason: %s", reason).isNegative();
      Thread.sleep(50);
      reason = connector.notReadyReason();
    }
    return reason;
  }

  /** Passes everything through, but waits on {@code gate} (a full producer buffer, in effect). */
  private static final class BlockingSink implements EventSink {
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public void onQuote(Quote quote) {
      await();
    }

    @Override
    public void onTrade(Trade trade) {
      await();
    }

    @Override
    public void onDeadLetter(DeadLetter deadLetter) {}

    private void await() {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
