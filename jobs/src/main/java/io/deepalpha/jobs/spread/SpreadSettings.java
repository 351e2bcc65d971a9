package io.deepalpha.jobs.spread;

import java.io.Serializable;
import java.time.Duration;

/**
 * Event-time settings of SpreadJob.
 *
 * @param watermarkBound allowed out-of-orderness of quotes; later ones are late
 * @param idleness after this long without quotes a source split stops holding the watermark
 * @param statInterval spread statistics interval per pair
 * @param parallelism parallelism of the spread operator (the source follows the environment)
 */
public record SpreadSettings(
    Duration watermarkBound, Duration idleness, Duration statInterval, int parallelism)
    implements Serializable {
  public static final Duration DEFAULT_WATERMARK_BOUND = Duration.ofMillis(100);
  public static final Duration DEFAULT_IDLENESS = Duration.ofSeconds(1);
  public static final Duration DEFAULT_STAT_INTERVAL = Duration.ofSeconds(1);

  public SpreadSettings {
    if (watermarkBound.isNegative()
        || idleness.isNegative()
        || statInterval.toMillis() <= 0
        || parallelism <= 0) {
      throw new IllegalArgumentException(
          "watermark bound and idleness must be >= 0, stat interval >= 1 ms, parallelism >= 1");
    }
  }
}
