package io.deepalpha.executor.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Recorder;

/**
 * Counters written by the executor thread (single writer: a plain add and an ordered store, no
 * lock) and read by the metrics endpoint from another thread, plus the latency recorder.
 */
public final class ExecutorCounters {
  /** What is counted; the Prometheus names are derived from these. */
  public enum Counter {
    SIGNALS_RECEIVED,
    SIGNALS_PLACED,
    SIGNALS_REJECTED,
    SIGNALS_EXPIRED,
    SIGNALS_DUPLICATE,
    ORDERS_SENT,
    ORDERS_FILLED,
    ORDERS_PARTIAL,
    ORDERS_EXPIRED,
    ORDERS_REJECTED_BY_VENUE,
    ORDERS_UNKNOWN,
    ORDER_QUERIES,
    FILLS,
    LEGS_UNWOUND,
    LEGS_HELD,
    QUOTES,
    QUOTES_IGNORED,
    RISK_STATES,
    CONFIG_CHANGES,
    DECODE_ERRORS,
    JOURNAL_FULL,
    JOURNAL_ROLLS,
    /** Rolls that found no segment prepared ahead and created it on the executor thread. */
    JOURNAL_ROLLS_UNPREPARED,
    RECOVERED_OPEN_ORDERS,
    LIMIT_RELOADS,
    VENUE_RATE_LIMITED,
    VENUE_TIME_RESYNCS,
    VENUE_ERRORS,
    KAFKA_OUTAGES,
    KAFKA_POLL_ERRORS
  }

  private final AtomicLongArray values = new AtomicLongArray(Counter.values().length);

  /** Signal handed to the executor -> both legs' request bytes written, nanoseconds. */
  private final Recorder signalToWire = new Recorder(3_600_000_000_000L, 3);

  public void increment(Counter c) {
    int i = c.ordinal();
    values.lazySet(i, values.get(i) + 1);
  }

  /** For counters that other threads (venue readers) also write. */
  public void incrementShared(Counter c) {
    values.incrementAndGet(c.ordinal());
  }

  public void add(Counter c, long delta) {
    int i = c.ordinal();
    values.lazySet(i, values.get(i) + delta);
  }

  public long get(Counter c) {
    return values.get(c.ordinal());
  }

  public void recordSignalToWire(long nanos) {
    signalToWire.recordValue(Math.max(0, Math.min(nanos, 3_600_000_000_000L)));
  }

  public Recorder signalToWire() {
    return signalToWire;
  }
}
