package io.deepalpha.ingest.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Start-up check shared by the commands that publish: a broker must answer --kafka. */
final class KafkaCheck {
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private KafkaCheck() {}

  /** Throws a ParameterException naming --kafka when no broker answered within 15 s. */
  static void requireBroker(CommandLine commandLine, String bootstrap) {
    int timeoutMs = (int) TIMEOUT.toMillis();
    Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                timeoutMs));
    try {
      admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new ParameterException(
          commandLine, "--kafka " + bootstrap + ": no broker answered within 15 s (" + e + ")");
    } finally {
      admin.close(Duration.ZERO);
    }
  }
}
