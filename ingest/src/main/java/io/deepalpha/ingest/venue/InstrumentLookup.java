package io.deepalpha.ingest.venue;

import io.deepalpha.model.event.Venue;

/** Resolves the symbols a venue sends to canonical instruments. */
public interface InstrumentLookup {

  /** The instrument {@code venue} calls {@code venueSymbol}, or null when it is not configured. */
  InstrumentRef find(Venue venue, String venueSymbol);
}
