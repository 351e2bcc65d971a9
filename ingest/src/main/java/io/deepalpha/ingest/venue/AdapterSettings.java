package io.deepalpha.ingest.venue;

/**
 * How an adapter normalizes.
 *
 * @param lookup resolves venue symbols to instruments
 * @param quoteSource which channel produces quotes
 * @param unmappedToDeadLetter when true, a frame about a symbol that is not configured becomes a
 *     dead letter; by default it is counted ({@link VenueCounters#unmapped}) and skipped, because a
 *     venue that pushes unrequested symbols would otherwise flood {@code md.deadletter}
 */
public record AdapterSettings(
    InstrumentLookup lookup, QuoteSource quoteSource, boolean unmappedToDeadLetter) {

  public AdapterSettings withQuoteSource(QuoteSource source) {
    return new AdapterSettings(lookup, source, unmappedToDeadLetter);
  }
}
