package io.deepalpha.ingest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ingest}: the module's command line (see the module README). */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "DeepAlpha ingest: venue adapters, Kafka publisher, simulator, config CDC (Debezium).",
    subcommands = {
      RunCommand.class,
      CdcCommand.class,
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
