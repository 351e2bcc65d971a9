package io.deepalpha.ingest.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.CollectingSink;
import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.ingest.replay.Replayer;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.TimeSource;

/**
 * Checks, at the moment a book quote is emitted, that it equals the top of the book the adapter
 * built from the same frames (ticker quotes, TimeSource RECEIVE on Binance, are not book quotes).
 */
final class TopOfBookCheckingSink extends CollectingSink {
  private final Replayer replayer;
  int bookQuotesChecked;

  TopOfBookCheckingSink(Replayer replayer) {
    this.replayer = replayer;
  }

  @Override
  public void onQuote(Quote quote) {
    super.onQuote(quote);
    for (VenueAdapter adapter : replayer.adapters().values()) {
      OrderBook book = adapter.book(quote.getVenueSymbol());
      if (adapter.venue() != quote.getVenue()
          || book == null
          || !book.valid()
          || quote.getTimeSource() == TimeSource.RECEIVE
              && adapter.venue().name().equals("BINANCE")) {
        continue;
      }
      if (book.bids().price(0) == quote.getBidPrice()
          && book.asks().price(0) == quote.getAskPrice()
          && book.bids().size(0) == quote.getBidSize()
          && book.asks().size(0) == quote.getAskSize()) {
        bookQuotesChecked++;
        return;
      }
    }
    if (quote.getVenue().name().equals("BINANCE") && quote.getTimeSource() == TimeSource.RECEIVE) {
      return;
    }
    assertThat(quote).as("a book quote equal to the top of its book").isNull();
  }
}
