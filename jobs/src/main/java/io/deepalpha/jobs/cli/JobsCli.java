package io.deepalpha.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the jobs jar: {@code jobs spread} (replay a JSON lines file), {@code jobs
 * spread-live} (Kafka to Kafka, what {@code flink run} submits), {@code jobs risk-live}, {@code
 * jobs pipeline-live} (everything in one local Flink).
 */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "DeepAlpha Flink jobs.",
    subcommands = {
      SpreadReplayCommand.class,
      RiskReplayCommand.class,
      SpreadLiveCommand.class,
      RiskLiveCommand.class,
      PipelineLiveCommand.class
    })
public final class JobsCli implements Runnable {

  public static void main(String[] args) {
    // pipeline-live stops its job in a shutdown hook on SIGTERM and logs the savepoint path there;
    // Log4j's own hook would stop logging first. Console appenders flush every line anyway.
    // (No effect inside a Flink client whose logging is already set up.)
    System.setProperty("log4j2.shutdownHookEnabled", "false");
    System.exit(new CommandLine(new JobsCli()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
