package io.deepalpha.ingest.cli;

import io.deepalpha.ingest.recording.RecordedFrame;
import io.deepalpha.ingest.recording.RecordingReader;
import io.deepalpha.ingest.simulator.SimulatorSettings;
import io.deepalpha.ingest.simulator.VenueSimulator;
import io.deepalpha.model.event.Venue;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ingest simulate}: the venue simulator as a process. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Serve every venue's public WebSocket format at ws://127.0.0.1:PORT/<venue> (binance, okx,"
            + " bybit, coinbase, kraken; kraken/v2 for Kraken's WebSocket v2): a synthetic market,"
            + " or --replay of recordings. Runs"
            + " until stopped.")
final class SimulateCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "8765", description = "Port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--instruments",
      paramLabel = "YAML",
      defaultValue = "configs/instruments.yaml",
      description = "Instrument map (default ${DEFAULT-VALUE}, else the model jar's copy).")
  Path instruments;

  @Option(
      names = "--symbols",
      split = ",",
      defaultValue = "BTC-USDT,ETH-USDT",
      description = "Canonical instruments of the synthetic market (default ${DEFAULT-VALUE}).")
  List<String> symbols;

  @Option(
      names = "--step-ms",
      defaultValue = "10",
      description = "Market step interval in ms (default ${DEFAULT-VALUE}).")
  long stepMs;

  @Option(
      names = "--noise-bps",
      defaultValue = "20.0",
      description =
          "How far each venue's mid wanders from the latent price, at most; above the fees"
              + " it makes cross-venue opportunities (default ${DEFAULT-VALUE}: about 10 signals"
              + " per minute and instrument at the default fees).")
  double noiseBps;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed.")
  long seed;

  @Option(
      names = "--replay",
      split = ",",
      paramLabel = "FILE",
      description = "Recordings to replay instead (venue from each file name).")
  List<Path> replay = new ArrayList<>();

  @Option(names = "--speed", defaultValue = "1.0", description = "Replay speed factor (N x).")
  double speed;

  @Option(
      names = "--replay-wait-ms",
      defaultValue = "-1",
      description =
          "Start the replay clock this many ms after the first client connects (so a client that"
              + " connects to every venue in turn gets the whole recording at its pace), instead"
              + " of when the simulator starts (default ${DEFAULT-VALUE} = at start).")
  long replayWaitMs;

  @Option(
      names = "--steps-per-tick",
      defaultValue = "1",
      description =
          "Market steps per --step-ms and connection (default ${DEFAULT-VALUE}). Above 1 a"
              + " connection stops a tick early when the client's socket is full.")
  int stepsPerTick;

  @Option(
      names = "--full-speed",
      description =
          "Throughput mode: 1 ms ticks of up to "
              + SimulatorSettings.FULL_SPEED_STEPS
              + " steps, as fast as each client reads (benchmarks).")
  boolean fullSpeed;

  @Option(
      names = "--metrics-port",
      defaultValue = "9402",
      description = "Port of /metrics (default ${DEFAULT-VALUE}; 0 = any free port).")
  int metricsPort;

  @Override
  public Integer call() throws Exception {
    SimulatorSettings defaults = SimulatorSettings.defaults();
    SimulatorSettings settings =
        new SimulatorSettings(
            Duration.ofMillis(fullSpeed ? 1 : stepMs),
            defaults.volatilityBps(),
            noiseBps,
            defaults.halfSpreadBps(),
            defaults.stepsPerTrade(),
            defaults.stalePeriod(),
            seed,
            fullSpeed ? SimulatorSettings.FULL_SPEED_STEPS : stepsPerTick);
    if (settings.stepsPerTick() < 1) {
      throw new ParameterException(spec.commandLine(), "--steps-per-tick: must be at least 1");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (VenueSimulator simulator =
            new VenueSimulator(settings, Instruments.load(instruments), symbols);
        HTTPServer server = SimulatorMetrics.serve(simulator, metricsPort)) {
      if (!replay.isEmpty()) {
        Map<Venue, List<RecordedFrame>> byVenue = new EnumMap<>(Venue.class);
        for (Path file : replay) {
          Venue venue = RecordedFrame.venueOfFile(file.getFileName().toString());
          RecordingReader.read(file).stream()
              // Received frames are replayed; REST answers (Binance depth snapshots) are served.
              .filter(
                  f ->
                      f.kind() == RecordedFrame.Kind.RECEIVE || f.kind() == RecordedFrame.Kind.HTTP)
              .forEach(f -> byVenue.computeIfAbsent(venue, v -> new ArrayList<>()).add(f));
        }
        simulator.replay(byVenue, speed, replayWaitMs < 0 ? null : Duration.ofMillis(replayWaitMs));
      }
      int bound = simulator.start(port);
      System.err.println(
          "venue simulator on ws://127.0.0.1:"
              + bound
              + "/<venue>; metrics on http://127.0.0.1:"
              + server.getPort()
              + "/metrics");
      RunCommand.awaitShutdown(stopped);
    } finally {
      stopped.countDown();
    }
    return 0;
  }
}
