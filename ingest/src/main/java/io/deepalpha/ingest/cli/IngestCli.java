package io.deepalpha.ingest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ingest}: the module's command line (see the module README). */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "DeepAlpha market-data ingest: venue adapters, Kafka publisher, simulator.",
    subcommands = {
      RunCommand.class,
      ReplayCommand.class,
      SimulateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class IngestCli {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return new CommandLine(new IngestCli()).execute(args);
  }
}
