package io.deepalpha.sinks.influx;

import java.io.Serializable;
import java.util.Map;

/**
 * Batching and retry of the InfluxDB sinks. Environment keys (all optional):
 *
 * <ul>
 *   <li>{@value #BATCH_SIZE_KEY}, default {@value #DEFAULT_BATCH_SIZE} points: a write when this
 *       many are buffered;
 *   <li>{@value #FLUSH_INTERVAL_KEY}, default {@value #DEFAULT_FLUSH_INTERVAL_MS} ms: buffered
 *       points are written at least this often (and at every checkpoint);
 *   <li>{@value #MAX_RETRIES_KEY}, default {@value #DEFAULT_MAX_RETRIES}: retries of a batch on no
 *       answer / 5xx / 429, with backoff from {@value #INITIAL_BACKOFF_KEY} (default {@value
 *       #DEFAULT_INITIAL_BACKOFF_MS} ms) doubling up to {@value #MAX_BACKOFF_KEY} (default {@value
 *       #DEFAULT_MAX_BACKOFF_MS} ms): about 35 s of outage is ridden out, then the job fails and
 *       restarts from its checkpoint;
 *   <li>{@value #QUOTE_SAMPLE_KEY}, default {@value #DEFAULT_QUOTE_SAMPLE_MS} ms: quotes are
 *       written as the last quote of each venue and instrument per interval (0: every quote).
 * </ul>
 */
public record InfluxSinkOptions(
    int batchSize,
    long flushIntervalMs,
    int maxRetries,
    long initialBackoffMs,
    long maxBackoffMs,
    long quoteSampleMs)
    implements Serializable {
  public static final String BATCH_SIZE_KEY = "INFLUX_SINK_BATCH_SIZE";
  public static final String FLUSH_INTERVAL_KEY = "INFLUX_SINK_FLUSH_INTERVAL_MS";
  public static final String MAX_RETRIES_KEY = "INFLUX_SINK_MAX_RETRIES";
  public static final String INITIAL_BACKOFF_KEY = "INFLUX_SINK_INITIAL_BACKOFF_MS";
  public static final String MAX_BACKOFF_KEY = "INFLUX_SINK_MAX_BACKOFF_MS";
  public static final String QUOTE_SAMPLE_KEY = "INFLUX_QUOTE_SAMPLE_MS";
  public static final int DEFAULT_BATCH_SIZE = 5_000;
  public static final long DEFAULT_FLUSH_INTERVAL_MS = 1_000;
  public static final int DEFAULT_MAX_RETRIES = 8;
  public static final long DEFAULT_INITIAL_BACKOFF_MS = 250;
  public static final long DEFAULT_MAX_BACKOFF_MS = 10_000;
  public static final long DEFAULT_QUOTE_SAMPLE_MS = 1_000;

  public InfluxSinkOptions {
    positive(batchSize, BATCH_SIZE_KEY);
    positive(flushIntervalMs, FLUSH_INTERVAL_KEY);
    notNegative(maxRetries, MAX_RETRIES_KEY);
    positive(initialBackoffMs, INITIAL_BACKOFF_KEY);
    if (maxBackoffMs < initialBackoffMs) {
      throw new IllegalArgumentException(
          MAX_BACKOFF_KEY + " must be >= " + INITIAL_BACKOFF_KEY + ", got " + maxBackoffMs);
    }
    notNegative(quoteSampleMs, QUOTE_SAMPLE_KEY);
  }

  public static InfluxSinkOptions defaults() {
    return fromEnv(Map.of());
  }

  public static InfluxSinkOptions fromEnv(Map<String, String> env) {
    return new InfluxSinkOptions(
        (int) number(env, BATCH_SIZE_KEY, DEFAULT_BATCH_SIZE),
        number(env, FLUSH_INTERVAL_KEY, DEFAULT_FLUSH_INTERVAL_MS),
        (int) number(env, MAX_RETRIES_KEY, DEFAULT_MAX_RETRIES),
        number(env, INITIAL_BACKOFF_KEY, DEFAULT_INITIAL_BACKOFF_MS),
        number(env, MAX_BACKOFF_KEY, DEFAULT_MAX_BACKOFF_MS),
        number(env, QUOTE_SAMPLE_KEY, DEFAULT_QUOTE_SAMPLE_MS));
  }

  public InfluxSinkOptions withBatchSize(int size) {
    return new InfluxSinkOptions(
        size, flushIntervalMs, maxRetries, initialBackoffMs, maxBackoffMs, quoteSampleMs);
  }

  public InfluxSinkOptions withQuoteSampleMs(long ms) {
    return new InfluxSinkOptions(
        batchSize, flushIntervalMs, maxRetries, initialBackoffMs, maxBackoffMs, ms);
  }

  public InfluxSinkOptions withRetries(int retries, long initialMs, long maxMs) {
    return new InfluxSinkOptions(
        batchSize, flushIntervalMs, retries, initialMs, maxMs, quoteSampleMs);
  }

  private static void positive(long value, String key) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be > 0, got " + value);
    }
  }

  private static void notNegative(long value, String key) {
    if (value < 0) {
      throw new IllegalArgumentException(key + " must be >= 0, got " + value);
    }
  }

  private static long number(Map<String, String> env, String key, long fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'", e);
    }
  }
}
