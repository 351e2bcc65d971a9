package io.deepalpha.ingest.venue;

import io.deepalpha.ingest.venue.kraken.KrakenProtocol;

/**
 * How an adapter normalizes.
 *
 * @param lookup resolves venue symbols to instruments
 * @param quoteSource which channel produces quotes
 * @param unmappedToDeadLetter when true, a frame about a symbol that is not configured becomes a
 *     dead letter; by default it is counted ({@link VenueCounters#unmapped}) and skipped, because a
 *     venue that pushes unrequested symbols would otherwise flood {@code md.deadletter}
 * @param krakenProtocol the Kraken WebSocket API the connection speaks (ignored by other venues)
 */
public record AdapterSettings(
    InstrumentLookup lookup,
    QuoteSource quoteSource,
    boolean unmappedToDeadLetter,
    KrakenProtocol krakenProtocol) {

  /** Kraken v1: the format of the recordings (replays, conformance). */
  public AdapterSettings(
      InstrumentLookup lookup, QuoteSource quoteSource, boolean unmappedToDeadLetter) {
    this(lookup, quoteSource, unmappedToDeadLetter, KrakenProtocol.V1);
  }

  public AdapterSettings withQuoteSource(QuoteSource source) {
    return new AdapterSettings(lookup, source, unmappedToDeadLetter, krakenProtocol);
  }

  public AdapterSettings withKrakenProtocol(KrakenProtocol protocol) {
    return new AdapterSettings(lookup, quoteSource, unmappedToDeadLetter, protocol);
  }
}
