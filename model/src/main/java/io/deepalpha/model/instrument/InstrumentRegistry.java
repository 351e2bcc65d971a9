package io.deepalpha.model.instrument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.deepalpha.model.event.Venue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Canonical instruments and the venue symbol maps of {@code configs/instruments.yaml}: outbound
 * (venue, instrument) to symbol for subscribing and ordering, inbound (venue, symbol or alias) to
 * instrument for mapping feed frames. Immutable; safe to share between threads.
 */
public final class InstrumentRegistry {

  /** Classpath resource of the default embedded in the model jar. */
  public static final String DEFAULT_RESOURCE = "io/deepalpha/model/configs/instruments.yaml";

  private static final ObjectMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private final String source;
  private final Map<String, Instrument> byName;
  private final Map<Venue, Map<String, Instrument>> inbound;

  private InstrumentRegistry(String source, List<Instrument> instruments) {
    Map<String, Instrument> names = new LinkedHashMap<>();
    Map<Venue, Map<String, Instrument>> symbols = new EnumMap<>(Venue.class);
    for (Instrument instrument : instruments) {
      if (names.putIfAbsent(instrument.name(), instrument) != null) {
        throw new InstrumentConfigException(
            source + ": instruments." + instrument.name() + ": defined twice");
      }
      String where = source + ": instruments." + instrument.name();
      instrument
          .venueSymbols()
          .forEach(
              (venue, symbol) ->
                  index(symbols, venue, symbol, instrument, where + ".venues." + venue));
      instrument
          .aliases()
          .forEach(
              (venue, aliases) ->
                  aliases.forEach(
                      alias ->
                          index(symbols, venue, alias, instrument, where + ".aliases." + venue)));
    }
    this.source = source;
    this.byName = Collections.unmodifiableMap(names);
    symbols.replaceAll((venue, map) -> Map.copyOf(map));
    this.inbound = Collections.unmodifiableMap(symbols);
  }

  /** The default embedded in the jar (a copy of {@code configs/instruments.yaml} at build time). */
  public static InstrumentRegistry loadDefault() {
    try (InputStream in =
        InstrumentRegistry.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + DEFAULT_RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  /** Loads an instruments file, e.g. {@code configs/instruments.yaml}. */
  public static InstrumentRegistry load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read instruments file " + file, e);
    }
  }

  /**
   * Parses instruments YAML; {@code source} names it in error messages.
   *
   * @throws InstrumentConfigException naming the offending key if the content is invalid
   */
  public static InstrumentRegistry parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new InstrumentConfigException(
          source + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    return new InstrumentRegistry(source, new InstrumentConfigParser(source).parse(root));
  }

  /** A registry of the given instruments; a symbol meaning two instruments is rejected. */
  public static InstrumentRegistry of(List<Instrument> instruments) {
    return new InstrumentRegistry("(in memory)", instruments);
  }

  /** The instrument with canonical name {@code name}, e.g. BTC-USDT. */
  public Optional<Instrument> instrument(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Like {@link #instrument} but for names that must exist, e.g. from validated config. */
  public Instrument require(String name) {
    return instrument(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown instrument '" + name + "'; known: " + byName.keySet()));
  }

  /** The symbol to subscribe and order with on {@code venue}, if the venue lists the instrument. */
  public Optional<String> venueSymbol(Venue venue, String instrument) {
    return instrument(instrument).flatMap(i -> i.symbolOn(venue));
  }

  /** The instrument a feed frame of {@code venue} means by {@code symbol} (a symbol or alias). */
  public Optional<Instrument> inbound(Venue venue, String symbol) {
    Map<String, Instrument> symbols = inbound.get(venue);
    return symbols == null ? Optional.empty() : Optional.ofNullable(symbols.get(symbol));
  }

  /** Every instrument, in file order. */
  public Collection<Instrument> instruments() {
    return byName.values();
  }

  /** The instruments {@code venue} lists, in file order. */
  public List<Instrument> listedOn(Venue venue) {
    return byName.values().stream().filter(i -> i.venueSymbols().containsKey(venue)).toList();
  }

  @Override
  public String toString() {
    return "InstrumentRegistry[" + byName.size() + " instruments from " + source + "]";
  }

  private static void index(
      Map<Venue, Map<String, Instrument>> symbols,
      Venue venue,
      String symbol,
      Instrument instrument,
      String where) {
    Instrument previous =
        symbols.computeIfAbsent(venue, v -> new HashMap<>()).putIfAbsent(symbol, instrument);
    // An alias repeating the instrument's own symbol is harmless; one meaning two instruments is
    // not.
    if (previous != null && previous != instrument) {
      throw new InstrumentConfigException(
          where + ": symbol '" + symbol + "' already means " + previous.name() + " on " + venue);
    }
  }
}
