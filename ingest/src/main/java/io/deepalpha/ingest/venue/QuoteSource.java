package io.deepalpha.ingest.venue;

/**
 * Where a venue's {@code md.quotes} come from. Publishing both would give consumers two BBO streams
 * of one venue that disagree for a moment, so each venue picks one by default (see README).
 */
public enum QuoteSource {
  /** The venue's ticker/BBO channel (Binance bookTicker). */
  TICKER,
  /** The top of the maintained L2 book, emitted whenever it changes. */
  BOOK,
  /** Both (conformance checks and replays that compare them). */
  BOTH;

  public boolean fromTicker() {
    return this != BOOK;
  }

  public boolean fromBook() {
    return this != TICKER;
  }
}
