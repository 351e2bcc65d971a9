package io.deepalpha.ingest.cli;

import io.deepalpha.model.kafka.Brokers;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Start-up check shared by the commands that publish: a broker must answer --kafka. */
final class KafkaCheck {
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private KafkaCheck() {}

  /** Throws a ParameterException naming --kafka when no broker answered within 15 s. */
  static void requireBroker(CommandLine commandLine, String bootstrap) {
    Brokers.unreachable(bootstrap, TIMEOUT)
        .ifPresent(
            why -> {
              throw new ParameterException(
                  commandLine,
                  "--kafka " + bootstrap + ": no broker answered within 15 s (" + why + ")");
            });
  }
}
