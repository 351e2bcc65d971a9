package io.deepalpha.ingest.venue.kraken.v2;

import io.deepalpha.ingest.book.Checksums;
import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.ingest.json.Levels;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.ingest.venue.InstrumentRef;
import java.util.HashMap;
import java.util.Map;

/**
 * The v2 books of one connection and their checksum rules: apply all levels of a message, cut to
 * {@link KrakenV2Adapter#DEPTH}, then compare the CRC32 of the top 10 with the venue's on snapshots
 * and updates alike; the pair's checksum precision is learned from the snapshot (see {@link
 * KrakenV2Adapter}).
 */
final class KrakenV2Books {
  /** Highest precision tried when learning a pair's checksum precision. */
  static final int MAX_DECIMALS = 12;

  private final Checksums checksums = new Checksums();
  private final Map<String, State> books = new HashMap<>();

  /** Book state of one symbol. */
  private static final class State {
    final OrderBook book = new OrderBook();
    int priceDecimals = -1;
    int sizeDecimals = -1;
  }

  OrderBook book(String symbol) {
    State state = books.get(symbol);
    return state == null ? null : state.book;
  }

  void invalidateAll() {
    books.values().forEach(s -> s.book.invalidate());
  }

  /** Applies one book entry; false when it was skipped because the book waits for a snapshot. */
  boolean apply(
      KrakenV2Adapter adapter,
      boolean snapshot,
      KrakenV2Message.Entry e,
      InstrumentRef ref,
      long receiveTimeNs,
      EventSink sink) {
    State state = books.computeIfAbsent(e.symbol, s -> new State());
    OrderBook book = state.book;
    if (snapshot) {
      book.startSnapshot();
      state.priceDecimals = -1;
    } else if (!book.valid()) {
      adapter.skipWhileSyncing();
      return true;
    }
    adapter.applyTo(book, e, ref, sink);
    book.bids().truncate(KrakenV2Adapter.DEPTH);
    book.asks().truncate(KrakenV2Adapter.DEPTH);
    long computed;
    if (state.priceDecimals < 0) {
      computed = learnPrecision(state, e.levels, ref, e.checksum);
    } else {
      computed =
          checksums.kraken(
              book, ref.priceScale(), ref.sizeScale(), state.priceDecimals, state.sizeDecimals);
    }
    if (computed != e.checksum) {
      adapter.broken(
          book, ref, true, "checksum mismatch: venue " + e.checksum + ", book " + computed, sink);
    }
    adapter.verified();
    if (book.crossed()) {
      adapter.broken(book, ref, false, "book crossed", sink);
    }
    if (book.topChanged()) {
      adapter.topChanged(book, ref, e.timeUs, receiveTimeNs, sink);
    }
    return true;
  }

  /**
   * Tries precisions from the decimals the message shows up to {@link #MAX_DECIMALS}; keeps the
   * first whose checksum matches (an empty book proves nothing, so it keeps waiting). Returns the
   * checksum at the precision kept, or at the lowest candidate when none matched.
   */
  private long learnPrecision(State state, Levels levels, InstrumentRef ref, long expected) {
    int minPrice = 0;
    int minSize = 0;
    for (int i = 0; i < levels.count(); i++) {
      minPrice = Math.max(minPrice, levels.text().fractionDigits(levels.priceIndex(i)));
      minSize = Math.max(minSize, levels.text().fractionDigits(levels.sizeIndex(i)));
    }
    OrderBook book = state.book;
    for (int p = minPrice; p <= MAX_DECIMALS; p++) {
      for (int s = minSize; s <= MAX_DECIMALS; s++) {
        if (checksums.kraken(book, ref.priceScale(), ref.sizeScale(), p, s) == expected) {
          if (book.bids().depth() + book.asks().depth() > 0) {
            state.priceDecimals = p;
            state.sizeDecimals = s;
          }
          return expected;
        }
      }
    }
    return checksums.kraken(book, ref.priceScale(), ref.sizeScale(), minPrice, minSize);
  }
}
