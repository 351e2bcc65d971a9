package io.deepalpha.sinks.postgres;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Keeps a natural key from appearing twice in one JDBC batch. With {@code reWriteBatchedInserts} a
 * batch becomes multi-row INSERTs, and PostgreSQL refuses an {@code INSERT ... ON CONFLICT DO
 * UPDATE} that touches the same row twice ("command cannot affect row a second time"). The guard
 * remembers the keys written since the last flush it knows of; a key seen again means "flush
 * first", so the second version lands in a later statement and wins, as it should.
 *
 * <p>The set is a superset of the pending batch's keys (the connector also flushes on its own, on
 * size and on its timer, which the guard does not see): at worst it flushes a batch early.
 * Single-threaded: used from the task thread only.
 */
final class BatchKeyGuard<T> {
  private final Function<T, Object> keyOf;
  private final int maxKeys;
  private final Set<Object> keys = new HashSet<>();

  /**
   * @param maxKeys flush and forget when this many keys are remembered (bounds the memory).
   */
  BatchKeyGuard(Function<T, Object> keyOf, int maxKeys) {
    this.keyOf = keyOf;
    this.maxKeys = maxKeys;
  }

  /** Records the row's key; true when the pending batch must be flushed before writing the row. */
  boolean mustFlushBefore(T row) {
    Object key = keyOf.apply(row);
    if (key == null) {
      return false;
    }
    if (keys.contains(key) || keys.size() >= maxKeys) {
      keys.clear();
      keys.add(key);
      return true;
    }
    keys.add(key);
    return false;
  }

  /** The pending batch was flushed: no key is pending any more. */
  void flushed() {
    keys.clear();
  }
}
