package io.deepalpha.ingest.venue;

import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.Instrument;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link InstrumentLookup} over the instrument registry ({@code configs/instruments.yaml}).
 * Answers, including "not configured", are cached per venue so a symbol is resolved once. Not
 * thread-safe: one per adapter (each adapter runs on one thread).
 */
public final class RegistryLookup implements InstrumentLookup {
  private static final InstrumentRef UNKNOWN = new InstrumentRef("", "", 0, 0);

  private final InstrumentRegistry registry;
  private final Map<Venue, Map<String, InstrumentRef>> cache = new EnumMap<>(Venue.class);

  public RegistryLookup(InstrumentRegistry registry) {
    this.registry = registry;
  }

  @Override
  public InstrumentRef find(Venue venue, String venueSymbol) {
    Map<String, InstrumentRef> byVenue = cache.computeIfAbsent(venue, v -> new HashMap<>());
    InstrumentRef ref = byVenue.get(venueSymbol);
    if (ref == null) {
      ref = resolve(venue, venueSymbol);
      byVenue.put(venueSymbol, ref);
    }
    return ref == UNKNOWN ? null : ref;
  }

  private InstrumentRef resolve(Venue venue, String venueSymbol) {
    Optional<Instrument> found = registry.inbound(venue, venueSymbol);
    if (found.isEmpty()) {
      return UNKNOWN;
    }
    Instrument instrument = found.get();
    return new InstrumentRef(
        instrument.name(), venueSymbol, instrument.priceScale(), instrument.sizeScale());
  }
}
