package io.deepalpha.ingest.connector;

import java.util.function.LongSupplier;

/**
 * Binance REST request weight of one host, as its answers report it (FACTS.md §8): every response
 * carries {@code X-MBX-USED-WEIGHT-1M}, the weight this IP used in the current minute, against a
 * {@code REQUEST_WEIGHT} limit per minute (6000 in the documented example); breaking it answers 429
 * with {@code Retry-After} seconds, and repeating that gets the IP banned: 418, from 2 minutes to 3
 * days, also with {@code Retry-After}.
 *
 * <p>A request may go when nothing blocks the host (no 429/418 whose {@code Retry-After} is still
 * running) and the last reported weight plus the weight of the requests still unanswered plus its
 * own stays within the limit; otherwise {@link #waitMillis} says how long to hold it: until the
 * block ends, or until the next minute (the counter is per calendar minute; one second of margin
 * for the clocks' difference). Single-threaded (the connector's event loop); the clock is epoch
 * milliseconds, so tests can drive it.
 */
final class RequestWeightGate {
  /** REQUEST_WEIGHT per minute of Binance spot (FACTS.md §8, enums.md example). */
  static final int DEFAULT_LIMIT_1M = 6_000;

  /** The header Binance reports the minute's used weight in. */
  static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";

  /** A 418 without Retry-After: the shortest documented ban. */
  static final long DEFAULT_BAN_MS = 120_000;

  static final long MINUTE_MS = 60_000;
  static final long WINDOW_MARGIN_MS = 1_000;

  /** Why a request is held back. */
  enum Hold {
    NONE,
    /** The minute's weight would go over the limit. */
    WEIGHT,
    /** A 429's Retry-After is running. */
    RATE_LIMITED,
    /** A 418's Retry-After (a ban) is running. */
    BANNED
  }

  private final int limit;
  private final LongSupplier clockMs;

  private long windowStartMs = Long.MIN_VALUE;
  private int usedWeight;
  private int unanswered;
  private long blockedUntilMs;
  private boolean banned;

  RequestWeightGate(int limit, LongSupplier clockMs) {
    if (limit < 1) {
      throw new IllegalArgumentException("request weight limit must be at least 1, got " + limit);
    }
    this.limit = limit;
    this.clockMs = clockMs;
  }

  int limit() {
    return limit;
  }

  /** The weight used in this minute: as last reported, 0 once the minute is over. */
  int usedWeight() {
    roll(clockMs.getAsLong());
    return usedWeight;
  }

  /** Why a request of {@code weight} cannot go now, or {@link Hold#NONE}. */
  Hold hold(int weight) {
    long now = clockMs.getAsLong();
    if (now < blockedUntilMs) {
      return banned ? Hold.BANNED : Hold.RATE_LIMITED;
    }
    roll(now);
    return usedWeight + unanswered + weight > limit ? Hold.WEIGHT : Hold.NONE;
  }

  /** How long a request of {@code weight} must wait before it may go; 0 = now. */
  long waitMillis(int weight) {
    long now = clockMs.getAsLong();
    return switch (hold(weight)) {
      case NONE -> 0;
      case RATE_LIMITED, BANNED -> blockedUntilMs - now;
      case WEIGHT -> windowStartMs + MINUTE_MS + WINDOW_MARGIN_MS - now;
    };
  }

  /** Epoch ms until which a request of {@code weight} is held (now or earlier: it may go). */
  long heldUntilMs(int weight) {
    return clockMs.getAsLong() + waitMillis(weight);
  }

  /** A request of {@code weight} went out; it counts until it is answered. */
  void sent(int weight) {
    unanswered += weight;
  }

  /**
   * The answer to a request of {@code weight}: {@code status} (0 = no answer, an I/O error), the
   * {@link #USED_WEIGHT_HEADER} value and {@code Retry-After} (null when absent).
   */
  void answered(int weight, int status, String usedWeightHeader, String retryAfter) {
    unanswered = Math.max(0, unanswered - weight);
    long now = clockMs.getAsLong();
    roll(now);
    long reported = parse(usedWeightHeader);
    if (reported >= 0) {
      usedWeight = (int) Math.min(reported, Integer.MAX_VALUE);
    }
    if (status == 429 || status == 418) {
      long seconds = parse(retryAfter);
      long blockMs =
          seconds >= 0
              ? seconds * 1_000
              : status == 418 ? DEFAULT_BAN_MS : windowStartMs + MINUTE_MS + WINDOW_MARGIN_MS - now;
      if (now + blockMs > blockedUntilMs) {
        blockedUntilMs = now + blockMs;
        banned = status == 418;
      }
    }
  }

  private void roll(long now) {
    long window = now - Math.floorMod(now, MINUTE_MS);
    if (window != windowStartMs) {
      windowStartMs = window;
      usedWeight = 0;
    }
  }

  private static long parse(String header) {
    if (header == null) {
      return -1;
    }
    try {
      long value = Long.parseLong(header.trim());
      return value < 0 ? -1 : value;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
