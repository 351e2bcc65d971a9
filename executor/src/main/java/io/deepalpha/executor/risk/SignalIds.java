package io.deepalpha.executor.risk;

import org.agrona.collections.LongHashSet;

/**
 * The ids of every signal that already has an outcome (this run and, after recovery, the journal).
 * Kept as 64-bit hashes of the id: no String is retained and a lookup does not allocate. Two ids
 * colliding would make the second look like a duplicate: it is refused, never traded twice.
 */
public final class SignalIds {
  // 8 MB up front: the set only resizes (and allocates) past ~650 000 signals per journal.
  private final LongHashSet seen = new LongHashSet(1 << 20);

  public boolean contains(CharSequence signalId) {
    return seen.contains(hash(signalId));
  }

  /** Returns false when the id was already there. */
  public boolean add(CharSequence signalId) {
    return seen.add(hash(signalId));
  }

  public int size() {
    return seen.size();
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
