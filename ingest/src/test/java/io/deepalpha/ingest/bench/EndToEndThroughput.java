package io.deepalpha.ingest.bench;

import io.deepalpha.ingest.connector.ConnectorSettings;
import io.deepalpha.ingest.connector.VenueConnector;
import io.deepalpha.ingest.kafka.KafkaPublisher;
import io.deepalpha.ingest.kafka.PublisherSettings;
import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.simulator.SimulatorSettings;
import io.deepalpha.ingest.simulator.VenueSimulator;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.Adapters;
import io.deepalpha.ingest.venue.RegistryLookup;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole ingest path at the highest rate it sustains: the venue simulator in full-speed mode
 * (each connection gets frames as fast as it reads them) → WebSocket → connectors → adapters →
 * {@link KafkaPublisher} → a real broker. Simulator and ingest share this JVM (and the machine's
 * cores with the broker). Not a test; run it by hand (module README, "Measured figures"):
 *
 * <pre>
 * mvn -q -pl ingest test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   "-Dexec.args=-cp %classpath io.deepalpha.ingest.bench.EndToEndThroughput --seconds 20"
 * </pre>
 */
@Command(
    name = "end-to-end-throughput",
    mixinStandardHelpOptions = true,
    description = "Simulator (full speed) -> connectors -> adapters -> Kafka; acked events/s.")
public final class EndToEndThroughput implements Callable<Integer> {

  @Option(names = "--kafka", description = "Bootstrap servers (default: a stack of its own).")
  String kafka;

  @Option(names = "--seconds", defaultValue = "20", description = "Measured seconds.")
  int seconds;

  @Option(names = "--warmup-seconds", defaultValue = "5", description = "Warm-up seconds.")
  int warmupSeconds;

  @Option(
      names = "--venues",
      split = ",",
      defaultValue = "BINANCE,OKX,BYBIT,COINBASE,KRAKEN",
      description = "Venues (default ${DEFAULT-VALUE}).")
  List<Venue> venues;

  @Option(
      names = "--instruments",
      split = ",",
      defaultValue = "BTC-USDT,ETH-USDT",
      description = "Instruments (default ${DEFAULT-VALUE}).")
  List<String> instruments;

  @Option(
      names = "--steps-per-tick",
      defaultValue = "" + SimulatorSettings.FULL_SPEED_STEPS,
      description = "Simulator market steps per 1 ms tick and connection (default: full speed).")
  int stepsPerTick;

  @Option(
      names = "--io-threads",
      description =
          "Ingest event-loop threads (as ingest run --io-threads; default: one per venue, at most"
              + " the available processors; 1 = the single-thread figures of the README).")
  Integer ioThreads;

  public static void main(String[] args) {
    System.exit(new CommandLine(new EndToEndThroughput()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    InstrumentRegistry registry = InstrumentRegistry.loadDefault();
    SimulatorSettings simulated =
        SimulatorSettings.defaults()
            .withStepInterval(Duration.ofMillis(1))
            .withStepsPerTick(stepsPerTick);
    int threads =
        ioThreads != null
            ? ioThreads
            : Math.max(1, Math.min(venues.size(), Runtime.getRuntime().availableProcessors()));
    System.out.printf("ingest I/O threads: %d%n", threads);
    NioEventLoopGroup group = new NioEventLoopGroup(threads, new DefaultThreadFactory("ingest-io"));
    ThreadCpu threadCpu =
        new ThreadCpu(
            Map.of(
                "ingest-io", "ingest connectors+adapters",
                "kafka-producer-network-thread", "ingest producer I/O",
                "nioEventLoopGroup", "simulator"));
    List<VenueConnector> connectors = new ArrayList<>();
    List<VenueAdapter> adapters = new ArrayList<>();
    try (BenchBroker broker = new BenchBroker(kafka, "bench.e2e");
        VenueSimulator simulator = new VenueSimulator(simulated, registry, instruments)) {
      IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
      Recorder latencies = new Recorder(3);
      PublisherSettings settings =
          PublisherSettings.defaults(broker.bootstrap)
              .withTopics(broker.topic, broker.topic, broker.topic);
      try (KafkaPublisher publisher = new KafkaPublisher(settings, metrics)) {
        publisher.onAckLatency(latencies::recordValue);
        simulator.start(0);
        for (Venue venue : venues) {
          List<String> symbols =
              instruments.stream().flatMap(i -> registry.venueSymbol(venue, i).stream()).toList();
          VenueAdapter adapter =
              Adapters.create(
                  venue,
                  new AdapterSettings(
                      new RegistryLookup(registry), Adapters.defaultQuoteSource(venue), false));
          adapters.add(adapter);
          VenueConnector connector =
              new VenueConnector(
                  simulator.endpoint(venue),
                  adapter,
                  symbols,
                  publisher,
                  ConnectorSettings.defaults(),
                  metrics,
                  group);
          connectors.add(connector);
          connector.start();
        }
        Thread.sleep(warmupSeconds * 1_000L);
        latencies.reset();
        long frames0 = frames(adapters);
        long events0 = events(adapters);
        double acked0 = metrics.acked.labelValues(broker.topic).get();
        double cpu0 = BenchReport.cpuSeconds();
        double broker0 = broker.brokerCpuSeconds();
        Map<String, Double> threads0 = threadCpu.snapshot();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1_000L);
        long frames = frames(adapters) - frames0;
        long events = events(adapters) - events0;
        double acked = metrics.acked.labelValues(broker.topic).get() - acked0;
        long windowNs = System.nanoTime() - t0;
        double cpu = BenchReport.cpuSeconds() - cpu0;
        double brokerCpu = broker.brokerCpuSeconds() - broker0;
        Map<String, Double> threadSeconds = ThreadCpu.delta(threads0, threadCpu.snapshot());
        Histogram latency = latencies.getIntervalHistogram();
        double s = windowNs / 1e9;

        System.out.printf(
            "simulator (steps/tick %d) -> %s x %s -> ingest -> %s, %d s:%n",
            stepsPerTick, venues, instruments, broker.topic, seconds);
        System.out.printf("  frames received   %,.0f /s%n", frames / s);
        System.out.printf("  events normalized %,.0f /s%n", events / s);
        System.out.printf("  events acked      %,.0f /s%n", acked / s);
        System.out.println("  " + BenchReport.latency("receive -> ack", latency));
        System.out.println(
            "  producer errors " + metrics.producerErrors.labelValues(broker.topic).get());
        System.out.println("  " + BenchReport.memory() + " (simulator + ingest in one JVM)");
        System.out.println("  " + BenchReport.cpu(cpu, windowNs));
        System.out.printf(
            "  broker CPU %.1f s (%.2f cores), broker RSS %s%n",
            brokerCpu, brokerCpu / (windowNs / 1e9), broker.brokerRss());
        System.out.printf(
            "  health: %d handshakes, %d resyncs, %d gaps, %d checksum mismatches, %d dead letters%n",
            connectors.stream().mapToLong(VenueConnector::handshakes).sum(),
            adapters.stream().mapToLong(a -> a.counters().resyncs).sum(),
            adapters.stream().mapToLong(a -> a.counters().gaps).sum(),
            adapters.stream().mapToLong(a -> a.counters().checksumMismatches).sum(),
            adapters.stream().mapToLong(a -> a.counters().deadLetters).sum());
        threadSeconds.forEach(
            (part, cpuS) ->
                System.out.printf("    %-28s %5.1f s CPU (%.2f cores)%n", part, cpuS, cpuS / s));
        double ingestCpu =
            threadSeconds.getOrDefault("ingest connectors+adapters", 0.0)
                + threadSeconds.getOrDefault("ingest producer I/O", 0.0);
        System.out.printf(
            "  ingest: %,.0f acked events per CPU-second of its own threads%n", acked / ingestCpu);
        connectors.forEach(VenueConnector::close);
      }
    } finally {
      group.shutdownGracefully().syncUninterruptibly();
    }
    return 0;
  }

  private static long frames(List<VenueAdapter> adapters) {
    return adapters.stream().mapToLong(a -> a.counters().frames).sum();
  }

  private static long events(List<VenueAdapter> adapters) {
    return adapters.stream()
        .mapToLong(a -> a.counters().quotes + a.counters().trades + a.counters().deadLetters)
        .sum();
  }
}
