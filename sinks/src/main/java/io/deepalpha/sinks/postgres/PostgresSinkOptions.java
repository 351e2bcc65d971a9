package io.deepalpha.sinks.postgres;

import java.io.Serializable;
import java.util.Map;

/**
 * Batching and retry of the PostgreSQL sinks.
 *
 * <p>Environment keys (all optional): {@value #BATCH_SIZE_KEY} (default {@value
 * #DEFAULT_BATCH_SIZE} rows: a flush when this many are buffered), {@value #BATCH_INTERVAL_KEY}
 * (default {@value #DEFAULT_BATCH_INTERVAL_MS} ms: a flush at least this often), {@value
 * #MAX_RETRIES_KEY} (default {@value #DEFAULT_MAX_RETRIES}: a failed batch is retried this many
 * times, reconnecting when the connection died, sleeping 0, 1, 2 ... s between attempts; then the
 * job fails and restarts from its last checkpoint). Every checkpoint flushes too.
 */
public record PostgresSinkOptions(int batchSize, long batchIntervalMs, int maxRetries)
    implements Serializable {
  public static final String BATCH_SIZE_KEY = "POSTGRES_SINK_BATCH_SIZE";
  public static final String BATCH_INTERVAL_KEY = "POSTGRES_SINK_BATCH_INTERVAL_MS";
  public static final String MAX_RETRIES_KEY = "POSTGRES_SINK_MAX_RETRIES";
  public static final int DEFAULT_BATCH_SIZE = 5_000;
  public static final long DEFAULT_BATCH_INTERVAL_MS = 200;
  public static final int DEFAULT_MAX_RETRIES = 3;

  public PostgresSinkOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException(BATCH_SIZE_KEY + " must be >= 1, got " + batchSize);
    }
    if (batchIntervalMs < 0) {
      throw new IllegalArgumentException(
          BATCH_INTERVAL_KEY + " must be >= 0, got " + batchIntervalMs);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException(MAX_RETRIES_KEY + " must be >= 0, got " + maxRetries);
    }
  }

  public static PostgresSinkOptions defaults() {
    return new PostgresSinkOptions(
        DEFAULT_BATCH_SIZE, DEFAULT_BATCH_INTERVAL_MS, DEFAULT_MAX_RETRIES);
  }

  public static PostgresSinkOptions fromEnv(Map<String, String> env) {
    return new PostgresSinkOptions(
        (int) number(env, BATCH_SIZE_KEY, DEFAULT_BATCH_SIZE),
        number(env, BATCH_INTERVAL_KEY, DEFAULT_BATCH_INTERVAL_MS),
        (int) number(env, MAX_RETRIES_KEY, DEFAULT_MAX_RETRIES));
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
