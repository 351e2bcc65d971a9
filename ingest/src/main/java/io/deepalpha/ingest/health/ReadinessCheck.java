package io.deepalpha.ingest.health;

/** One part of a service that {@code /ready} asks about; ready when it gives no reason. */
@FunctionalInterface
public interface ReadinessCheck {
  /** Why this part is not ready, or null when it is. Called on the HTTP server's threads. */
  String notReadyReason();
}
