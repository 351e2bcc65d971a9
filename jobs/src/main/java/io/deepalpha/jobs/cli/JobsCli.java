package io.deepalpha.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the jobs jar: {@code jobs spread} (replay a JSON lines file), {@code jobs
 * spread-live} (Kafka to Kafka, what {@code flink run} submits), {@code jobs risk-live}.
 */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "DeepAlpha Flink jobs.",
    subcommands = {SpreadReplayCommand.class, SpreadLiveCommand.class, RiskLiveCommand.class})
public final class JobsCli implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new JobsCli()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
