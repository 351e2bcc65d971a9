package io.deepalpha.model.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The start check of every command that talks to Kafka: does a broker at these bootstrap servers
 * list the cluster within a bound? Commands turn a "no" into a message naming their option, instead
 * of waiting out the clients' own timeouts (30–60 s, no output) or running on forever.
 */
public final class Brokers {
  private Brokers() {}

  /** Empty when a broker at {@code bootstrap} answered within {@code wait}; otherwise why not. */
  public static Optional<String> unreachable(String bootstrap, Duration wait) {
    int ms = (int) wait.toMillis();
    Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms));
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(ms))
          .nodes()
          .get(ms + 1_000L, TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.of(e.getCause().toString());
    } catch (TimeoutException | RuntimeException e) {
      return Optional.of(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    } finally {
      admin.close(Duration.ZERO);
    }
  }
}
