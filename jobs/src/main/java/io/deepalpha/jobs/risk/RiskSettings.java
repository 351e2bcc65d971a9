package io.deepalpha.jobs.risk;

import java.io.Serializable;
import java.time.Duration;

/**
 * Event-time settings of RiskJob.
 *
 * @param windowSize sliding window size of the market statistics (e.g. 60 s)
 * @param windowSlide slide (e.g. 5 s); the size must be a multiple of it
 * @param watermarkBound allowed out-of-orderness of quotes, trades and fills
 * @param idleness after this long without events a split stops holding the watermark (fills are
 *     sparse: keep it on)
 * @param strategy the strategy the fills belong to (fills carry no strategy field)
 */
public record RiskSettings(
    Duration windowSize,
    Duration windowSlide,
    Duration watermarkBound,
    Duration idleness,
    String strategy)
    implements Serializable {
  public RiskSettings {
    if (windowSlide.toMillis() <= 0 || windowSize.toMillis() < windowSlide.toMillis()) {
      throw new IllegalArgumentException("window slide must be >= 1 ms and <= window size");
    }
    if (windowSize.toMillis() % windowSlide.toMillis() != 0) {
      // Windows are built from slide-long panes.
      throw new IllegalArgumentException(
          "window size must be a multiple of the window slide: "
              + windowSize.toMillis()
              + " ms / "
              + windowSlide.toMillis()
              + " ms");
    }
  }
}
