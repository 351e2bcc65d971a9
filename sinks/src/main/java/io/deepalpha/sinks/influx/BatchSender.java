package io.deepalpha.sinks.influx;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one batch of lines: retries with exponential backoff while InfluxDB is unreachable, times
 * out or answers 5xx/429; fails at once on 4xx, naming the offending line.
 *
 * <p>To find that line it bisects the batch: it re-sends halves until a single line is refused.
 * This is safe because points are idempotent (the same measurement, tags and timestamp overwrite),
 * so lines written twice change nothing.
 */
final class BatchSender {
  private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);

  /** Sleeps between attempts; a test passes one that records instead of sleeping. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /** What the sender reports, for metrics. */
  interface Listener {
    void retried(InfluxWriteException cause);

    void sent(int lines, long millis);

    /** InfluxDB stored the batch but dropped points older than the retention policy keeps. */
    default void beyondRetention(int points) {}
  }

  /** InfluxDB's answer when it stored a batch except points older than the retention policy. */
  private static final Pattern BEYOND_RETENTION =
      Pattern.compile("points beyond retention policy dropped=(\\d+)");

  private final WriteTarget target;
  private final InfluxSinkOptions options;
  private final Sleeper sleeper;
  private final Listener listener;
  private boolean warnedBeyondRetention;

  BatchSender(WriteTarget target, InfluxSinkOptions options, Sleeper sleeper, Listener listener) {
    this.target = target;
    this.options = options;
    this.sleeper = sleeper;
    this.listener = listener;
  }

  void send(String lines, int count) throws InterruptedException {
    long start = System.nanoTime();
    long backoff = options.initialBackoffMs();
    for (int attempt = 0; ; attempt++) {
      try {
        target.write(lines);
        listener.sent(count, (System.nanoTime() - start) / 1_000_000L);
        return;
      } catch (InfluxWriteException e) {
        int beyondRetention = beyondRetention(e);
        if (beyondRetention > 0) {
          // A replay of data older than the retention policy: InfluxDB keeps the rest of the
          // batch and drops those points by design. Counted, not a failure (else such a replay
          // would fail the job forever).
          listener.beyondRetention(beyondRetention);
          listener.sent(count - beyondRetention, (System.nanoTime() - start) / 1_000_000L);
          if (!warnedBeyondRetention) {
            warnedBeyondRetention = true;
            LOG.warn(
                "InfluxDB dropped {} points older than its retention policy keeps (counted in"
                    + " pointsBeyondRetention; further drops are not logged)",
                beyondRetention);
          }
          return;
        }
        if (!e.retryable()) {
          throw rejected(lines, e);
        }
        if (attempt >= options.maxRetries()) {
          throw new InfluxWriteException(
              e.status(),
              "InfluxDB write of "
                  + count
                  + " points failed after "
                  + (attempt + 1)
                  + " attempts: "
                  + e.getMessage(),
              e);
        }
        listener.retried(e);
        LOG.warn(
            "InfluxDB write failed (attempt {}, status {}), retrying in {} ms: {}",
            attempt + 1,
            e.status(),
            backoff,
            e.getMessage());
        sleeper.sleep(backoff);
        backoff = Math.min(backoff * 2, options.maxBackoffMs());
      }
    }
  }

  private static int beyondRetention(InfluxWriteException e) {
    if (e.status() != 400 || e.getMessage() == null) {
      return 0;
    }
    Matcher m = BEYOND_RETENTION.matcher(e.getMessage());
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** The 4xx error, with the first line InfluxDB refuses on its own when there is one. */
  private InfluxWriteException rejected(String lines, InfluxWriteException batchError) {
    List<String> all = Arrays.asList(lines.split("\n"));
    String offending = offendingLine(all, batchError);
    return new InfluxWriteException(
        batchError.status(),
        "InfluxDB refused the batch (HTTP "
            + batchError.status()
            + "): "
            + batchError.getMessage()
            + (offending == null ? "" : "; offending line: " + offending),
        batchError);
  }

  private String offendingLine(List<String> lines, InfluxWriteException batchError) {
    if (lines.size() == 1) {
      return lines.get(0);
    }
    if (batchError.status() != 400) {
      // 401/403/404 refuse every line alike (credentials, database): no single culprit.
      return null;
    }
    List<String> part = lines;
    while (part.size() > 1) {
      List<String> first = part.subList(0, part.size() / 2);
      List<String> second = part.subList(part.size() / 2, part.size());
      if (refuses(first)) {
        part = first;
      } else if (refuses(second)) {
        part = second;
      } else {
        return null;
      }
    }
    return part.get(0);
  }

  private boolean refuses(List<String> lines) {
    try {
      target.write(String.join("\n", lines) + "\n");
      return false;
    } catch (InfluxWriteException e) {
      return !e.retryable();
    }
  }
}
