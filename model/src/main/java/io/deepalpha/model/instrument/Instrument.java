package io.deepalpha.model.instrument;

import io.deepalpha.model.FixedPoint;
import io.deepalpha.model.event.Venue;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A canonical instrument and how venues name it.
 *
 * @param name canonical BASE-QUOTE, e.g. BTC-USDT
 * @param base e.g. BTC
 * @param quote e.g. USDT
 * @param priceScale fixed-point scale of prices on the wire
 * @param sizeScale fixed-point scale of sizes on the wire
 * @param venueSymbols the symbol each venue lists it under, used to subscribe and to place orders
 * @param aliases other symbols a venue uses for it in some feeds (Kraken v1 XBT/USD)
 */
public record Instrument(
    String name,
    String base,
    String quote,
    int priceScale,
    int sizeScale,
    Map<Venue, String> venueSymbols,
    Map<Venue, List<String>> aliases) {

  /** BASE-QUOTE in upper case; USD and USDT are different quotes. */
  public static final Pattern CANONICAL_NAME = Pattern.compile("^[A-Z0-9]+-[A-Z0-9]+$");

  public Instrument {
    if (!CANONICAL_NAME.matcher(name).matches() || !name.equals(base + "-" + quote)) {
      throw new IllegalArgumentException(
          "instrument name must be BASE-QUOTE in upper case, got "
              + name
              + " / "
              + base
              + " / "
              + quote);
    }
    FixedPoint.checkScale(priceScale);
    FixedPoint.checkScale(sizeScale);
    venueSymbols = Collections.unmodifiableMap(copy(venueSymbols));
    EnumMap<Venue, List<String>> aliasCopy = copy(aliases);
    aliasCopy.replaceAll((venue, symbols) -> List.copyOf(symbols));
    aliases = Collections.unmodifiableMap(aliasCopy);
  }

  /** The symbol {@code venue} lists this instrument under, if it does. */
  public Optional<String> symbolOn(Venue venue) {
    return Optional.ofNullable(venueSymbols.get(venue));
  }

  /** The aliases {@code venue} uses for this instrument; empty if none. */
  public List<String> aliasesOn(Venue venue) {
    return aliases.getOrDefault(venue, List.of());
  }

  // EnumMap keeps venues in declaration order, so printed configs read the same every time.
  private static <V> EnumMap<Venue, V> copy(Map<Venue, V> map) {
    EnumMap<Venue, V> copy = new EnumMap<>(Venue.class);
    copy.putAll(map);
    return copy;
  }
}
