package io.deepalpha.ingest.venue;

/**
 * A venue symbol resolved to its canonical instrument and the fixed-point scales its prices and
 * sizes travel with. Resolved once per symbol and cached, so the hot path does not look it up
 * again.
 */
public record InstrumentRef(String instrument, String venueSymbol, int priceScale, int sizeScale) {}
