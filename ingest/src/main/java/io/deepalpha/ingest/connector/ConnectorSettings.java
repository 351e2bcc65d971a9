package io.deepalpha.ingest.connector;

import java.time.Duration;

/**
 * Reconnect and liveness policy of a connector.
 *
 * @param staleAfter no frame for this long = the feed is stale: close and reconnect
 * @param initialBackoff first reconnect delay; doubles per failed attempt
 * @param maxBackoff cap of the reconnect delay
 * @param healthyAfter a connection that lived this long resets the backoff; one that dies sooner
 *     keeps it growing, so a flapping venue is not hammered (no reconnect storm)
 */
public record ConnectorSettings(
    Duration staleAfter, Duration initialBackoff, Duration maxBackoff, Duration healthyAfter) {

  public static ConnectorSettings defaults() {
    return new ConnectorSettings(
        Duration.ofSeconds(30),
        Duration.ofMillis(250),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30));
  }

  /**
   * Delay before reconnect attempt {@code attempt} (0-based): exponential, then full jitter in its
   * upper half so that many connections do not come back in lock step.
   */
  public long backoffMillis(int attempt, double random) {
    long base = initialBackoff.toMillis() << Math.min(attempt, 20);
    long capped = Math.min(base, maxBackoff.toMillis());
    return capped / 2 + (long) (random * (capped - capped / 2));
  }
}
