package io.deepalpha.executor.risk;

import org.agrona.collections.LongHashSet;

/**
 * The ids of the signals that already have an outcome, for as long as a re-delivery has to be
 * recognised (the dedup horizon, see {@code ExecutionEngine#DEDUP_MARGIN_US}). Kept as 64-bit
 * hashes of the id: no String is retained and a lookup does not allocate. Two ids colliding would
 * make the second look like a duplicate: it is refused, never traded twice.
 *
 * <p>Besides the set, a FIFO of (hash, outcome time) in the order the ids were added lets {@link
 * #forgetBefore} drop the oldest ones without a scan; the journal's snapshot writes the FIFO out at
 * a roll, so a recovery remembers exactly what the running executor remembered.
 */
public final class SignalIds {
  // 8 MB up front: the set only resizes (and allocates) past ~650 000 ids inside the horizon.
  private final LongHashSet seen = new LongHashSet(1 << 20);
  // 4 MB up front: 262 144 ids inside the horizon before the FIFO doubles (allocation, rare).
  private long[] hashes = new long[1 << 18];
  private long[] timesUs = new long[1 << 18];
  private int head;
  private int count;

  public boolean contains(CharSequence signalId) {
    return seen.contains(hash(signalId));
  }

  /** Returns false when the id was already there; {@code outcomeUs} is when it got its outcome. */
  public boolean add(CharSequence signalId, long outcomeUs) {
    return addHash(hash(signalId), outcomeUs);
  }

  /** {@link #add} for an id already hashed (recovery from a snapshot). */
  public boolean addHash(long hash, long outcomeUs) {
    if (!seen.add(hash)) {
      return false;
    }
    if (count == hashes.length) {
      grow();
    }
    int i = (head + count) & (hashes.length - 1);
    hashes[i] = hash;
    timesUs[i] = outcomeUs;
    count++;
    return true;
  }

  /**
   * Forgets the ids added before {@code cutoffUs}, oldest first; stops at the first younger one
   * (ids are added in outcome order, so the rest is younger too).
   */
  public void forgetBefore(long cutoffUs) {
    int mask = hashes.length - 1;
    while (count > 0 && timesUs[head] < cutoffUs) {
      seen.remove(hashes[head]);
      head = (head + 1) & mask;
      count--;
    }
  }

  public int size() {
    return count;
  }

  /** The {@code i}-th id still remembered, oldest first. */
  public long hashAt(int i) {
    return hashes[(head + i) & (hashes.length - 1)];
  }

  public long timeAt(int i) {
    return timesUs[(head + i) & (hashes.length - 1)];
  }

  private void grow() {
    long[] h = new long[hashes.length * 2];
    long[] t = new long[hashes.length * 2];
    for (int i = 0; i < count; i++) {
      h[i] = hashAt(i);
      t[i] = timeAt(i);
    }
    hashes = h;
    timesUs = t;
    head = 0;
  }

  /** 64-bit FNV-1a over the UTF-16 chars, then a murmur finalizer to spread the bits. */
  public static long hash(CharSequence id) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0, n = id.length(); i < n; i++) {
      h ^= id.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    // LongHashSet reserves one value as its "missing" marker.
    return h == 0 ? 1 : h;
  }
}
