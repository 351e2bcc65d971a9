package io.deepalpha.ingest.venue.binance;

import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.ingest.venue.InstrumentRef;
import java.util.ArrayDeque;

/**
 * Sync state of one Binance depth stream (FACTS.md §5): diffs are buffered until a REST snapshot
 * arrives, then replayed from the first diff with U <= lastUpdateId + 1 <= u.
 */
final class BinanceBook {
  /** A diff frame waiting for the snapshot: the bytes and when they arrived. */
  record Pending(byte[] frame, long receiveTimeNs) {}

  /** Bound on buffered diffs; past it the oldest go, and the snapshot will be re-requested. */
  static final int MAX_PENDING = 2_000;

  final OrderBook book = new OrderBook();
  final InstrumentRef ref;
  final ArrayDeque<Pending> pending = new ArrayDeque<>();
  long lastUpdateId;
  boolean synced;
  boolean firstAfterSnapshot;
  boolean snapshotRequested;

  BinanceBook(InstrumentRef ref) {
    this.ref = ref;
  }

  void reset() {
    book.invalidate();
    pending.clear();
    synced = false;
    firstAfterSnapshot = false;
    snapshotRequested = false;
  }
}
