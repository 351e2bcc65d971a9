package io.deepalpha.ingest.venue;

import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.model.event.Venue;

/**
 * Turns the raw text frames of one venue connection into normalized events. One instance per
 * connection, driven by one thread. Never throws: a frame it cannot use becomes a dead letter with
 * the reason.
 */
public interface VenueAdapter {

  Venue venue();

  /**
   * The venue API version this adapter reads (1 unless the venue has several; Kraken v2 = 2): the
   * connector subscribes in the same version.
   */
  default int apiVersion() {
    return 1;
  }

  /** A new connection: books and sequences start over; events carry {@code connectionId}. */
  void onConnect(long connectionId);

  /** One text frame exactly as received, {@code receiveTimeNs} = wall clock in epoch ns. */
  void onFrame(byte[] frame, long receiveTimeNs, EventSink sink);

  /**
   * A REST book snapshot for {@code venueSymbol} (Binance {@code /api/v3/depth}). Venues whose
   * snapshots arrive on the socket dead-letter it.
   */
  void onSnapshot(String venueSymbol, byte[] body, long receiveTimeNs, EventSink sink);

  /** The L2 book kept for {@code venueSymbol}, or null when there is none (read-only use). */
  OrderBook book(String venueSymbol);

  /** Counters of this adapter (frames, gaps, resyncs, rejects...). */
  VenueCounters counters();

  /** Where this adapter's quotes come from (the top of its books, or the venue's BBO channel). */
  default QuoteSource quoteSource() {
    return QuoteSource.BOOK;
  }

  /**
   * The canonical instrument of a venue symbol (an alias too, such as Kraken v1's {@code XBT/USD}),
   * or null when it is not configured. Not counted as unmapped; same thread as the frames.
   */
  default String instrumentOf(String venueSymbol) {
    return null;
  }
}
