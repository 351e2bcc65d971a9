package io.deepalpha.ingest.venue;

import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;

/**
 * Receives what an adapter makes of a frame. The records passed in are flyweights reused by the
 * adapter for the next event: encode or copy them before returning.
 */
public interface EventSink {

  void onQuote(Quote quote);

  void onTrade(Trade trade);

  void onDeadLetter(DeadLetter deadLetter);

  /**
   * The adapter found a book broken (gap, checksum, crossed) or it needs a snapshot to start: the
   * connector fetches a snapshot (Binance REST) or resubscribes the channel. Replays ignore it.
   */
  default void onResyncNeeded(String venueSymbol, String reason) {}
}
