package io.deepalpha.ingest.cli;

import io.deepalpha.ingest.recording.RecordedFrame;
import io.deepalpha.ingest.recording.RecordingReader;
import io.deepalpha.ingest.simulator.SimulatorSettings;
import io.deepalpha.ingest.simulator.VenueSimulator;
import io.deepalpha.model.event.Venue;
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

/** {@code ingest simulate}: the venue simulator as a process. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Serve every venue's public WebSocket format at ws://127.0.0.1:PORT/<venue> (binance, okx,"
            + " bybit, coinbase, kraken): a synthetic market, or --replay of recordings. Runs"
            + " until stopped.")
final class SimulateCommand implements Callable<Integer> {

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
      defaultValue = "3.0",
      description =
          "Venue noise around the latent price; above the fees it makes cross-venue "
              + "opportunities (default ${DEFAULT-VALUE}).")
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

  @Override
  public Integer call() throws Exception {
    SimulatorSettings defaults = SimulatorSettings.defaults();
    SimulatorSettings settings =
        new SimulatorSettings(
            Duration.ofMillis(stepMs),
            defaults.volatilityBps(),
            noiseBps,
            defaults.halfSpreadBps(),
            defaults.stepsPerTrade(),
            defaults.stalePeriod(),
            seed);
    try (VenueSimulator simulator =
        new VenueSimulator(settings, Instruments.load(instruments), symbols)) {
      if (!replay.isEmpty()) {
        Map<Venue, List<RecordedFrame>> byVenue = new EnumMap<>(Venue.class);
        for (Path file : replay) {
          Venue venue = RecordedFrame.venueOfFile(file.getFileName().toString());
          RecordingReader.read(file).stream()
              .filter(f -> f.kind() == RecordedFrame.Kind.RECEIVE)
              .forEach(f -> byVenue.computeIfAbsent(venue, v -> new ArrayList<>()).add(f));
        }
        simulator.replay(byVenue, speed, replayWaitMs < 0 ? null : Duration.ofMillis(replayWaitMs));
      }
      int bound = simulator.start(port);
      System.err.println("venue simulator on ws://127.0.0.1:" + bound + "/<venue>");
      new CountDownLatch(1).await();
    }
    return 0;
  }
}
