package io.deepalpha.infra.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stack up|down|status}: the local real-service stack of DeepAlpha.
 *
 * <p>Run through {@code bin/deepalpha stack ...}, which builds this module first when needed.
 */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description = "Runs DeepAlpha's real services locally: Kafka (KRaft), PostgreSQL 15, InfluxDB.",
    subcommands = {StackCli.Up.class, StackCli.Down.class, StackCli.Status.class})
public final class StackCli implements Callable<Integer> {

  static final class Common {
    @Option(
        names = "--work-dir",
        description =
            "Data, logs, secrets and state of the stack (default: $DEEPALPHA_HOME/stack, else"
                + " ./work/stack).")
    Path workDir;

    @Option(
        names = "--kafka-port",
        defaultValue = "9092",
        description = "Kafka listener port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int kafkaPort;

    @Option(
        names = "--kafka-controller-port",
        defaultValue = "9093",
        description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(
        names = "--postgres-port",
        defaultValue = "5433",
        description =
            "PostgreSQL port (default: ${DEFAULT-VALUE}; 5432 is left to a system server).")
    int postgresPort;

    @Option(
        names = "--influx-port",
        defaultValue = "8086",
        description = "InfluxDB HTTP port (default: ${DEFAULT-VALUE}).")
    int influxPort;

    @Option(
        names = "--influx-rpc-port",
        defaultValue = "8088",
        description = "InfluxDB backup RPC port (default: ${DEFAULT-VALUE}).")
    int influxRpcPort;

    @Option(
        names = "--timeout",
        defaultValue = "90",
        description = "Seconds each service may take to become ready (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    LocalStack stack() {
      Path dir = workDir != null ? workDir.toAbsolutePath() : LocalStack.defaultWorkDir();
      return new LocalStack(
          new StackSettings(
              dir,
              kafkaPort,
              controllerPort,
              postgresPort,
              influxPort,
              influxRpcPort,
              Duration.ofSeconds(timeoutSeconds)));
    }
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description =
          "Starts what is not running (idempotent) and waits until all services are ready.")
  static final class Up implements Callable<Integer> {
    @Mixin Common common;

    @Override
    public Integer call() {
      LocalStack stack = common.stack();
      long start = System.nanoTime();
      stack.up(line -> System.out.println("  " + line));
      System.out.printf("Stack ready in %.1f s.%n%n", (System.nanoTime() - start) / 1e9);
      printStatus(stack);
      return 0;
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = "Stops every service of the work directory and checks that no process is left.")
  static final class Down implements Callable<Integer> {
    @Mixin Common common;

    @Override
    public Integer call() {
      List<String> left = common.stack().down(line -> System.out.println("  " + line));
      if (!left.isEmpty()) {
        System.err.println("Processes still running after down:");
        left.forEach(l -> System.err.println("  " + l));
        return 1;
      }
      System.out.println("Stack stopped; no process left.");
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Shows each service's state, pid, memory and endpoint. Exit code 0 only if all are ready.")
  static final class Status implements Callable<Integer> {
    @Mixin Common common;

    @Override
    public Integer call() {
      return printStatus(common.stack()) ? 0 : 3;
    }
  }

  /** Prints the status table; returns whether every service is ready. */
  static boolean printStatus(LocalStack stack) {
    List<ServiceStatus> all = stack.status();
    System.out.println("DeepAlpha local stack in " + stack.settings().workDir());
    System.out.printf("%-11s %-9s %-8s %-8s %s%n", "SERVICE", "STATE", "PID", "RSS", "ENDPOINT");
    for (ServiceStatus s : all) {
      System.out.printf(
          "%-11s %-9s %-8s %-8s %s%n",
          s.name(),
          s.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
          s.pid() == 0 ? "-" : Long.toString(s.pid()),
          s.rssBytes() == 0 ? "-" : (s.rssBytes() >> 20) + " MB",
          s.endpoint());
    }
    boolean ready = all.stream().allMatch(s -> s.state() == ServiceStatus.State.READY);
    if (ready) {
      System.out.println("For scripts: source " + stack.settings().endpointsFile());
    }
    return ready;
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new StackCli());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof StackException) {
            commandLine.getErr().println("error: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    System.exit(cli.execute(args));
  }
}
