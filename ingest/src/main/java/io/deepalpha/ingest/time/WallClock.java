package io.deepalpha.ingest.time;

/**
 * Epoch nanoseconds without allocation: the wall clock read once at start plus the monotonic {@link
 * System#nanoTime()} since. Receive times stay monotonic within the process (a wall clock step does
 * not reorder frames); re-anchored only on restart.
 */
public final class WallClock {
  private static final long OFFSET = anchor();

  private WallClock() {}

  public static long epochNanos() {
    return OFFSET + System.nanoTime();
  }

  private static long anchor() {
    java.time.Instant now = java.time.Instant.now();
    long nano = System.nanoTime();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano() - nano;
  }
}
