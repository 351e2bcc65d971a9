package io.deepalpha.ingest.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.CollectingSink;
import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.recording.FrameRecorder;
import io.deepalpha.ingest.recording.RecordedFrame;
import io.deepalpha.ingest.recording.RecordingReader;
import io.deepalpha.ingest.replay.Replayer;
import io.deepalpha.ingest.simulator.SimulatorSettings;
import io.deepalpha.ingest.simulator.VenueSimulator;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.Adapters;
import io.deepalpha.ingest.venue.QuoteSource;
import io.deepalpha.ingest.venue.RegistryLookup;
import io.deepalpha.ingest.venue.kraken.KrakenProtocol;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import io.netty.channel.nio.NioEventLoopGroup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameRecorderTest {

  @Test
  void aRecordedLiveSessionReplaysToTheSameEvents(@TempDir Path dir) throws Exception {
    recordAndReplay(dir, Venue.OKX, KrakenProtocol.V1, "BTC-USDT", "\"op\":\"subscribe\"");
  }

  /**
   * A Binance session replays with its REST depth snapshots: the recorder saves each one as a
   * {@code URL -> TS: body} line where the connection applied it, and the replay applies it there.
   */
  @Test
  void aRecordedBinanceSessionReplaysWithItsSnapshots(@TempDir Path dir) throws Exception {
    recordAndReplay(dir, Venue.BINANCE, KrakenProtocol.V1, "BTCUSDT", "btcusdt@depth@100ms");
  }

  /**
   * A Kraken v2 session replays as v2 with the replay's default (v1, the recordings' format): the
   * recorded address ({@code .../kraken/v2}) says which protocol the connection spoke.
   */
  @Test
  void aRecordedKrakenV2SessionReplaysAsV2(@TempDir Path dir) throws Exception {
    recordAndReplay(
        dir, Venue.KRAKEN, KrakenProtocol.V2, "BTC/USDT", "\"channel\":\"book\",\"symbol\"");
  }

  private static void recordAndReplay(
      Path dir, Venue venue, KrakenProtocol protocol, String symbol, String subscription)
      throws Exception {
    InstrumentRegistry registry = InstrumentRegistry.loadDefault();
    Path file = dir.resolve(venue + ".ws.1.0");
    CollectingSink live = new CollectingSink();
    NioEventLoopGroup group = new NioEventLoopGroup(1);
    try (VenueSimulator simulator =
        new VenueSimulator(
            SimulatorSettings.defaults().withStepInterval(Duration.ofMillis(5)),
            registry,
            List.of("BTC-USDT"))) {
      simulator.start(0);
      VenueConnector connector =
          new VenueConnector(
                  protocol == KrakenProtocol.V2
                      ? java.net.URI.create(simulator.endpoint(venue) + "/v2")
                      : simulator.endpoint(venue),
                  Adapters.create(
                      venue,
                      new AdapterSettings(
                          new RegistryLookup(registry), QuoteSource.BOOK, false, protocol)),
                  List.of(symbol),
                  live,
                  ConnectorSettings.defaults(),
                  new IngestMetrics(new PrometheusRegistry()),
                  group)
              .recordTo(new FrameRecorder(file));
      connector.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (sizeOf(live) < 30 && System.nanoTime() - deadline < 0) {
        Thread.sleep(10);
      }
      connector.close();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    List<RecordedFrame> recorded = RecordingReader.read(file);
    assertThat(recorded.get(0).kind()).isEqualTo(RecordedFrame.Kind.CONNECT);
    assertThat(recorded.get(1).kind()).isEqualTo(RecordedFrame.Kind.SEND);
    assertThat(recorded.get(1).text()).contains(subscription);
    CollectingSink replayed = new CollectingSink();
    new Replayer(
            new AdapterSettings(new RegistryLookup(registry), QuoteSource.BOOK, false),
            QuoteSource.BOOK,
            RecordedFrame::venueOfFile)
        .replay(recorded, replayed);
    List<String> livePrices;
    synchronized (live) {
      livePrices = live.quotes.stream().map(q -> q.getBidPrice() + "/" + q.getAskPrice()).toList();
    }
    assertThat(livePrices).hasSizeGreaterThanOrEqualTo(30);
    assertThat(replayed.deadLetters).isEmpty();
    assertThat(replayed.quotes.stream().map(q -> q.getBidPrice() + "/" + q.getAskPrice()))
        .containsExactlyElementsOf(livePrices);
  }

  private static int sizeOf(CollectingSink sink) {
    synchronized (sink) {
      return sink.quotes.size();
    }
  }
}
