package io.deepalpha.ingest.venue;

import io.deepalpha.model.event.Venue;
import java.util.HashMap;
import java.util.Map;

/**
 * Accepts every symbol, naming the instrument after the venue symbol, with one pair of scales for
 * all: for conformance runs over recordings of symbols that are not configured ({@code ingest
 * replay --all-symbols}). Never used to publish to Kafka.
 */
public final class AnySymbolLookup implements InstrumentLookup {
  private final int priceScale;
  private final int sizeScale;
  private final Map<String, InstrumentRef> cache = new HashMap<>();

  public AnySymbolLookup(int priceScale, int sizeScale) {
    this.priceScale = priceScale;
    this.sizeScale = sizeScale;
  }

  @Override
  public InstrumentRef find(Venue venue, String venueSymbol) {
    return cache.computeIfAbsent(venueSymbol, s -> new InstrumentRef(s, s, priceScale, sizeScale));
  }
}
