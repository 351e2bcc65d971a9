package io.deepalpha.infra.pipeline;

import io.deepalpha.infra.stack.LocalStack;
import io.deepalpha.infra.stack.ServiceStatus;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.StackSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/deepalpha run}: the whole pipeline on this machine, in one command. */
@Command(
    name = "deepalpha run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole pipeline on embedded defaults: the local stack (Kafka, PostgreSQL,"
          + " InfluxDB), the Debezium config CDC, the venue simulator, ingest, SpreadJob and"
          + " RiskJob on a local Flink with both sinks, and the executor in paper mode.",
      "Shows a live progress view; logs go to files under the run directory. Ctrl-C stops the"
          + " market, lets the jobs and the executor finish, stops every service and prints the"
          + " summary. The stack stays up afterwards so you can query the results; stop it with"
          + " 'bin/deepalpha stack down' (or pass --stop-stack)."
    })
public final class PipelineCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--duration",
      defaultValue = "120",
      description = "Seconds the market runs (default ${DEFAULT-VALUE}); see --keep-running.")
  long durationSeconds;

  @Option(names = "--keep-running", description = "Run until Ctrl-C instead of --duration.")
  boolean keepRunning;

  @Option(
      names = "--instruments",
      split = ",",
      defaultValue = "BTC-USDT,ETH-USDT",
      description = "Canonical instruments (default ${DEFAULT-VALUE}).")
  List<String> instruments;

  @Option(
      names = "--venues",
      split = ",",
      defaultValue = "BINANCE,OKX,BYBIT,COINBASE",
      description =
          "Venues to connect (default ${DEFAULT-VALUE}; the simulator also serves KRAKEN).")
  List<String> venues;

  @Option(
      names = "--speed",
      defaultValue = "1.0",
      description =
          "Market speed: the synthetic market steps every 10/SPEED ms; a replay runs SPEED"
              + " times real time (default ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--seed", defaultValue = "42", description = "Synthetic market seed.")
  long seed;

  @Option(
      names = "--noise-bps",
      defaultValue = "20.0",
      description =
          "Venue noise of the synthetic market around the latent price; more noise, more"
              + " cross-venue opportunities (default ${DEFAULT-VALUE}).")
  double noiseBps;

  @Option(
      names = "--replay",
      paramLabel = "DIR",
      description =
          "Replay a recorded session instead of the synthetic market: the files named after a"
              + " venue (VENUE.*) in DIR and below it, e.g. a run's recording/ directory.")
  Path replay;

  @Option(
      names = "--record",
      description = "Record the raw venue frames into the run's recording/ directory.")
  boolean record;

  @Option(names = "--no-cdc", description = "Do not start the Debezium config CDC.")
  boolean noCdc;

  @Option(names = "--no-progress", description = "No live view; only the summary.")
  boolean noProgress;

  @Option(names = "--stop-stack", description = "Stop the stack too at the end.")
  boolean stopStack;

  @Option(names = "--home", description = "Work directory (default: $DEEPALPHA_HOME, else ./work).")
  Path home;

  @Override
  public Integer call() throws Exception {
    validate();
    List<Path> replayFiles = replayFiles();
    Path repo = repoRoot();
    Path workHome = home != null ? home : Path.of(envOr("DEEPALPHA_HOME", "work"));
    workHome = repo.resolve(workHome).toAbsolutePath().normalize();
    Path pipelineHome = workHome.resolve("pipeline");
    String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Pipeline.stopLeftovers(pipelineHome, System.out);
    PipelineSettings settings =
        new PipelineSettings(
            repo,
            pipelineHome.resolve(runId),
            keepRunning ? null : Duration.ofSeconds(durationSeconds),
            instruments,
            venues,
            seed,
            Math.max(1, Math.round(10 / speed)),
            noiseBps,
            replayFiles,
            speed,
            record,
            !noCdc,
            !noProgress);

    LocalStack stack = new LocalStack(defaultStack(workHome.resolve("stack")));
    boolean wasRunning =
        stack.status().stream().allMatch(s -> s.state() == ServiceStatus.State.READY);
    System.out.println("» starting the local stack in " + workHome.resolve("stack"));
    StackEndpoints endpoints = stack.up(line -> System.out.println("  " + line));
    Pipeline pipeline =
        new Pipeline(settings, endpoints, () -> stackPids(stack), System.out, runId);
    Thread hook =
        new Thread(
            () -> {
              pipeline.requestStop();
              pipeline.awaitFinished(Duration.ofSeconds(90));
            },
            "ctrl-c");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      RunSummary summary = pipeline.run();
      summary.print(System.out);
      if (stopStack && !wasRunning) {
        stack.down(line -> System.out.println("  " + line));
      } else {
        System.out.println("\nThe stack is still running. Stop it with: bin/deepalpha stack down");
      }
      return 0;
    } catch (PipelineException e) {
      System.err.println("\ndeepalpha run failed: " + e.getMessage());
      return 1;
    } catch (StoppedBeforeMarket e) {
      System.out.println("\ndeepalpha run " + e.getMessage() + ".");
      return 130;
    } finally {
      pipeline.finished();
    }
  }

  /** A recording's file name starts with its venue (BINANCE.ws.1.0, COINBASE.jsonl). */
  private static boolean isVenueFile(Path file) {
    return io.deepalpha.ingest.recording.RecordedFrame.isVenueFile(file.getFileName().toString());
  }

  List<Path> replayFiles() throws java.io.IOException {
    if (replay == null) {
      return List.of();
    }
    if (!Files.isDirectory(replay)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--replay: " + replay + " is not a directory");
    }
    List<Path> files = new ArrayList<>();
    try (var walk = Files.walk(replay)) {
      walk.filter(Files::isRegularFile)
          .filter(PipelineCli::isVenueFile)
          .sorted()
          .forEach(files::add);
    }
    if (files.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--replay: " + replay + " holds no recording (files named VENUE.*, in it or below it)");
    }
    return files;
  }

  private void validate() {
    CommandLine cmd = spec.commandLine();
    if (durationSeconds <= 0 && !keepRunning) {
      throw new CommandLine.ParameterException(cmd, "--duration must be > 0 seconds");
    }
    if (noiseBps < 0) {
      throw new CommandLine.ParameterException(cmd, "--noise-bps must be >= 0");
    }
    if (speed <= 0) {
      throw new CommandLine.ParameterException(cmd, "--speed must be > 0");
    }
    for (String v : venues) {
      if (!List.of("BINANCE", "OKX", "BYBIT", "COINBASE", "KRAKEN").contains(v)) {
        throw new CommandLine.ParameterException(
            cmd, "--venues: unknown venue " + v + " (BINANCE, OKX, BYBIT, COINBASE, KRAKEN)");
      }
    }
    if (venues.size() < 2) {
      throw new CommandLine.ParameterException(
          cmd, "--venues: cross-venue spreads need at least two venues");
    }
  }

  static StackSettings defaultStack(Path dir) {
    return new StackSettings(dir, 9092, 9093, 5433, 8086, 8088, Duration.ofSeconds(90));
  }

  private static List<Long> stackPids(LocalStack stack) {
    return stack.status().stream().map(ServiceStatus::pid).filter(p -> p > 0).toList();
  }

  private static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("configs")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new PipelineException("run this from the DeepAlpha checkout (no configs/ + pom.xml)");
  }

  private static String envOr(String key, String fallback) {
    String v = System.getenv(key);
    return v == null || v.isBlank() ? fallback : v;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineCli()).execute(args));
  }
}
