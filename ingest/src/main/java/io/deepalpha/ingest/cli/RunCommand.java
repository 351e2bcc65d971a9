package io.deepalpha.ingest.cli;

import io.deepalpha.ingest.connector.ConnectorSettings;
import io.deepalpha.ingest.connector.VenueConnector;
import io.deepalpha.ingest.health.HealthEndpoints;
import io.deepalpha.ingest.health.KafkaProbe;
import io.deepalpha.ingest.health.ReadinessCheck;
import io.deepalpha.ingest.kafka.KafkaPublisher;
import io.deepalpha.ingest.kafka.PublisherSettings;
import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.recording.FrameRecorder;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.Adapters;
import io.deepalpha.ingest.venue.RegistryLookup;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.ingest.venue.kraken.KrakenProtocol;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import io.netty.channel.nio.NioEventLoopGroup;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ingest run}: venues (or the simulator) into Kafka, with /metrics. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Connect to the venues' public WebSockets (or to the simulator with --endpoint), normalize,"
            + " and publish to md.quotes, md.trades and md.deadletter. Runs until stopped.")
final class RunCommand implements Callable<Integer> {
  /** The venues' public endpoints; --endpoint replaces one (e.g. with the simulator). */
  static final Map<Venue, String> PUBLIC_ENDPOINTS =
      Map.of(
          Venue.BINANCE, "wss://stream.binance.com:9443/stream",
          Venue.OKX, "wss://ws.okx.com:8443/ws/v5/public",
          Venue.BYBIT, "wss://stream.bybit.com/v5/public/spot",
          Venue.COINBASE, "wss://advanced-trade-ws.coinbase.com",
          Venue.KRAKEN, KrakenProtocol.V2.publicEndpoint().toString());

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--venues",
      split = ",",
      required = true,
      paramLabel = "VENUE",
      description = "Venues to connect: ${COMPLETION-CANDIDATES}.")
  List<Venue> venues;

  @Option(
      names = "--instruments",
      split = ",",
      required = true,
      paramLabel = "INSTRUMENT",
      description = "Canonical instruments, e.g. BTC-USDT,ETH-USDT.")
  List<String> instruments;

  @Option(
      names = "--instrument-map",
      paramLabel = "YAML",
      defaultValue = "configs/instruments.yaml",
      description = "Instrument map (default ${DEFAULT-VALUE}, else the model jar's copy).")
  Path instrumentMap;

  @Option(
      names = "--kafka",
      required = true,
      paramLabel = "BOOTSTRAP",
      description = "Kafka bootstrap servers.")
  String kafka;

  @Option(
      names = "--endpoint",
      paramLabel = "VENUE=URL",
      description = "Override a venue's URL, e.g. OKX=ws://127.0.0.1:8765/okx (simulator).")
  Map<Venue, URI> endpoints = new EnumMap<>(Venue.class);

  @Option(
      names = "--rest-endpoint",
      paramLabel = "VENUE=URL",
      description =
          "REST base URL of a venue's book snapshots (Binance GET /api/v3/depth). Default:"
              + " https://api.binance.com, or http://host:port of a plain ws:// --endpoint BINANCE"
              + " (the simulator serves both on one port).")
  Map<Venue, URI> restEndpoints = new EnumMap<>(Venue.class);

  @Option(
      names = "--binance-weight-limit",
      paramLabel = "WEIGHT",
      defaultValue = "" + VenueConnector.DEFAULT_REST_WEIGHT_LIMIT,
      description =
          "Binance REST request weight per minute the depth snapshots stay under, checked against"
              + " the X-MBX-USED-WEIGHT-1M of each answer (default ${DEFAULT-VALUE}, Binance's"
              + " REQUEST_WEIGHT limit; lower it when other clients share the IP).")
  int binanceWeightLimit;

  @Option(
      names = "--kraken-protocol",
      paramLabel = "V2|V1",
      converter = KrakenProtocolConverter.class,
      description =
          "Kraken WebSocket API: V2 (wss://ws.kraken.com/v2) or V1 (wss://ws.kraken.com). Default:"
              + " what --endpoint KRAKEN=URL says (a path ending in /v2 is v2, else v1: the"
              + " simulator's /kraken/v2 and /kraken), V2 without an endpoint.")
  KrakenProtocol krakenProtocol;

  @Option(
      names = "--record-dir",
      paramLabel = "DIR",
      description = "Also save every venue's raw frames as DIR/<VENUE>.ws.<time>.0 (replayable).")
  Path recordDir;

  @Option(
      names = "--metrics-port",
      defaultValue = "9400",
      description = "Port of /metrics, /health and /ready (default ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--io-threads",
      paramLabel = "N",
      description =
          "Netty event-loop threads the venue connections are spread over (each connection stays"
              + " on one thread); default: the number of venues, at most the available"
              + " processors.")
  Integer ioThreads;

  @Override
  public Integer call() throws Exception {
    InstrumentRegistry registry = Instruments.load(instrumentMap);
    Map<Venue, List<String>> symbolsByVenue = new EnumMap<>(Venue.class);
    for (Venue venue : venues) {
      symbolsByVenue.put(venue, symbolsOn(registry, venue)); // bad config stops here
    }
    int threads = ioThreads(venues.size(), Runtime.getRuntime().availableProcessors());
    requireBinanceWeightLimit();
    // A broker that never answered would block the first send and every venue.
    KafkaCheck.requireBroker(spec.commandLine(), kafka);
    IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
    CountDownLatch stopped = new CountDownLatch(1);
    NioEventLoopGroup group = new NioEventLoopGroup(threads);
    List<VenueConnector> connectors = new ArrayList<>();
    try (KafkaProbe kafkaProbe = KafkaProbe.start(kafka);
        KafkaPublisher publisher = new KafkaPublisher(PublisherSettings.defaults(kafka), metrics)) {
      HealthEndpoints health =
          new HealthEndpoints("ingest run")
              .check("kafka", () -> firstReason(kafkaProbe, publisher::notReadyReason))
              .exposeOn(metrics.registry(), "ingest_ready");
      kafkaProbe.exposeOn(metrics.registry(), "ingest_kafka_reachable");
      // Every connection and each of its instruments is a part of /ready before the server
      // answers its first probe.
      for (Venue venue : venues) {
        VenueConnector connector =
            connector(venue, symbolsByVenue.get(venue), registry, publisher, metrics, group);
        health.check(venue.name(), connector::notReadyReason);
        // Per instrument: publishing valid market data (book synced, or a first BBO quote).
        connector
            .instrumentChecks()
            .forEach((instrument, check) -> health.check(venue.name() + "/" + instrument, check));
        connectors.add(connector);
      }
      try (HTTPServer server = metrics.serve(metricsPort, health)) {
        connectors.forEach(VenueConnector::start);
        System.err.println(
            "metrics, health, ready on http://127.0.0.1:"
                + server.getPort()
                + " (/metrics, /health, /ready); "
                + threads
                + " I/O thread(s)");
        awaitShutdown(stopped);
      } finally {
        // Venues first, so nothing is sent to a closing producer; closing it then waits for the
        // acknowledgement of everything buffered.
        connectors.forEach(VenueConnector::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      }
    } finally {
      stopped.countDown();
    }
    return 0;
  }

  /** --io-threads, or its default: one per venue connection, at most {@code processors}. */
  int ioThreads(int connections, int processors) {
    if (ioThreads == null) {
      return Math.max(1, Math.min(connections, processors));
    }
    if (ioThreads < 1) {
      throw new ParameterException(
          spec.commandLine(), "--io-threads: must be at least 1, got " + ioThreads);
    }
    return ioThreads;
  }

  private static String firstReason(ReadinessCheck first, ReadinessCheck second) {
    String reason = first.notReadyReason();
    return reason != null ? reason : second.notReadyReason();
  }

  /**
   * Blocks until SIGTERM/SIGINT. The JVM halts as soon as its shutdown hooks return, so the hook
   * waits (bounded) for {@code stopped}: the caller's cleanup (closing the connectors, flushing the
   * producer) then runs to the end instead of being cut off.
   */
  static void awaitShutdown(CountDownLatch stopped) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  try {
                    stopped.await(60, java.util.concurrent.TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "ingest-shutdown"));
    stop.await();
  }

  private VenueConnector connector(
      Venue venue,
      List<String> symbols,
      InstrumentRegistry registry,
      KafkaPublisher publisher,
      IngestMetrics metrics,
      NioEventLoopGroup group) {
    KrakenProtocol kraken = krakenProtocol();
    VenueAdapter adapter =
        Adapters.create(
            venue,
            new AdapterSettings(
                new RegistryLookup(registry), Adapters.defaultQuoteSource(venue), false, kraken));
    URI uri =
        endpoints.getOrDefault(
            venue,
            venue == Venue.KRAKEN
                ? kraken.publicEndpoint()
                : URI.create(PUBLIC_ENDPOINTS.get(venue)));
    VenueConnector connector =
        new VenueConnector(
            uri, adapter, symbols, publisher, ConnectorSettings.defaults(), metrics, group);
    URI rest = restEndpoint(venue, uri);
    connector.restEndpoint(rest);
    if (venue == Venue.BINANCE) {
      connector.restWeightLimit(binanceWeightLimit);
    }
    if (recordDir != null) {
      connector.recordTo(
          new FrameRecorder(
              recordDir.resolve(venue.name() + ".ws." + System.currentTimeMillis() / 1000 + ".0")));
    }
    System.err.println(
        venue
            + (venue == Venue.KRAKEN ? " " + krakenProtocol : "")
            + " "
            + symbols
            + " <- "
            + uri
            + (venue == Venue.BINANCE ? " (snapshots " + rest + ")" : ""));
    return connector;
  }

  /**
   * --rest-endpoint VENUE=URL, else the default for the stream URL {@code streams} (Binance's
   * public API, or the simulator's port for a plain ws:// endpoint).
   */
  URI restEndpoint(Venue venue, URI streams) {
    URI explicit = restEndpoints.get(venue);
    return explicit != null ? explicit : VenueConnector.defaultRestEndpoint(streams);
  }

  /** --binance-weight-limit must admit at least one depth snapshot request. */
  private void requireBinanceWeightLimit() {
    if (binanceWeightLimit < VenueConnector.SNAPSHOT_WEIGHT) {
      throw new ParameterException(
          spec.commandLine(),
          "--binance-weight-limit: must be at least "
              + VenueConnector.SNAPSHOT_WEIGHT
              + " (one depth snapshot), got "
              + binanceWeightLimit);
    }
  }

  /** --kraken-protocol, else what the KRAKEN endpoint's path says, else v2 (the live default). */
  KrakenProtocol krakenProtocol() {
    if (krakenProtocol != null) {
      return krakenProtocol;
    }
    URI endpoint = endpoints.get(Venue.KRAKEN);
    return endpoint == null
        ? KrakenProtocol.V2
        : KrakenProtocol.ofAddress(endpoint.toString(), KrakenProtocol.V1);
  }

  private List<String> symbolsOn(InstrumentRegistry registry, Venue venue) {
    List<String> symbols = new ArrayList<>();
    for (String instrument : instruments) {
      if (registry.instrument(instrument).isEmpty()) {
        throw new ParameterException(
            spec.commandLine(), "--instruments: " + instrument + " is not in the instrument map");
      }
      registry.venueSymbol(venue, instrument).ifPresent(symbols::add);
    }
    if (symbols.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--venues: " + venue + " lists none of " + instruments);
    }
    return symbols;
  }
}
