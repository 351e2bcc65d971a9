package io.deepalpha.jobs.cli;

import io.deepalpha.model.kafka.Brokers;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The live commands' start check of {@code --bootstrap-servers}: a job whose Kafka does not answer
 * would otherwise start, log connection warnings forever and never read or write anything.
 */
public final class BrokerCheck {
  /** How long the check waits for a broker. */
  static final Duration WAIT = Duration.ofSeconds(10);

  @Option(
      names = "--skip-broker-check",
      description =
          "Do not check at start that a Kafka broker answers at --bootstrap-servers (for a client"
              + " that submits to a cluster but cannot reach its Kafka itself).")
  boolean skip;

  /**
   * True when a broker answers at {@code bootstrap} (or the check is skipped); otherwise prints
   * "{@code <command> cannot start: ...}" to the command's error stream and returns false.
   */
  boolean passes(String bootstrap, CommandSpec spec, String command) {
    if (skip) {
      return true;
    }
    String problem = problem(bootstrap, WAIT);
    if (problem == null) {
      return true;
    }
    spec.commandLine().getErr().println(command + " cannot start: " + problem);
    return false;
  }

  /** Null when a broker at {@code bootstrap} lists the cluster within {@code wait}. */
  static String problem(String bootstrap, Duration wait) {
    return Brokers.unreachable(bootstrap, wait)
        .map(
            why ->
                "--bootstrap-servers "
                    + bootstrap
                    + ": no Kafka broker answered within "
                    + wait.toSeconds()
                    + " s (--skip-broker-check to submit anyway)")
        .orElse(null);
  }
}
