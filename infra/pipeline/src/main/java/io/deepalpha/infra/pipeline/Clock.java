package io.deepalpha.infra.pipeline;

import java.time.Instant;

/** Wall-clock nanoseconds since the epoch, the unit of the events' receive times. */
final class Clock {
  private Clock() {}

  static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
