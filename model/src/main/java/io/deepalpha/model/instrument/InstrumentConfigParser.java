package io.deepalpha.model.instrument;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepalpha.model.FixedPoint;
import io.deepalpha.model.event.Venue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the YAML tree of an instruments file into {@link Instrument}s, checking every key so that a
 * mistake is reported with its path (e.g. {@code instruments.BTC-USDT.priceScale}) at start-up
 * rather than as a missing quote later.
 */
final class InstrumentConfigParser {

  private static final Set<String> INSTRUMENT_KEYS =
      Set.of("priceScale", "sizeScale", "venues", "aliases");

  private final String source;

  InstrumentConfigParser(String source) {
    this.source = source;
  }

  List<Instrument> parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw error("(root)", "must be a mapping with key 'instruments'");
    }
    rejectUnknownKeys(root, Set.of("instruments"), "(root)");
    JsonNode instruments = root.get("instruments");
    if (instruments == null || !instruments.isObject() || instruments.isEmpty()) {
      throw error("instruments", "must be a non-empty mapping of canonical name to instrument");
    }
    List<Instrument> result = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : instruments.properties()) {
      result.add(instrument(entry.getKey(), entry.getValue()));
    }
    return result;
  }

  private Instrument instrument(String name, JsonNode node) {
    String path = "instruments." + name;
    if (!Instrument.CANONICAL_NAME.matcher(name).matches()) {
      throw error(
          path,
          "canonical name must be BASE-QUOTE in upper case (" + Instrument.CANONICAL_NAME + ")");
    }
    if (!node.isObject()) {
      throw error(path, "must be a mapping with priceScale, sizeScale, venues");
    }
    rejectUnknownKeys(node, INSTRUMENT_KEYS, path);
    int dash = name.indexOf('-');
    return new Instrument(
        name,
        name.substring(0, dash),
        name.substring(dash + 1),
        scale(node.get("priceScale"), path + ".priceScale"),
        scale(node.get("sizeScale"), path + ".sizeScale"),
        venues(node.get("venues"), path + ".venues"),
        aliases(node.get("aliases"), path + ".aliases"));
  }

  private int scale(JsonNode node, String path) {
    if (node == null
        || !node.isInt()
        || node.intValue() < 0
        || node.intValue() > FixedPoint.MAX_SCALE) {
      throw error(path, "must be an integer 0.." + FixedPoint.MAX_SCALE + ", got " + node);
    }
    return node.intValue();
  }

  private Map<Venue, String> venues(JsonNode node, String path) {
    if (node == null || !node.isObject() || node.isEmpty()) {
      throw error(path, "must map at least one venue to its symbol");
    }
    Map<Venue, String> symbols = new EnumMap<>(Venue.class);
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String venuePath = path + "." + entry.getKey();
      symbols.put(venue(entry.getKey(), venuePath), symbol(entry.getValue(), venuePath));
    }
    return symbols;
  }

  private Map<Venue, List<String>> aliases(JsonNode node, String path) {
    Map<Venue, List<String>> aliases = new EnumMap<>(Venue.class);
    if (node == null) {
      return aliases;
    }
    if (!node.isObject()) {
      throw error(path, "must map venues to lists of symbols");
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String venuePath = path + "." + entry.getKey();
      Venue venue = venue(entry.getKey(), venuePath);
      if (!entry.getValue().isArray()) {
        throw error(venuePath, "must be a list of symbols, e.g. [ XBT/USD ]");
      }
      List<String> symbols = new ArrayList<>();
      for (JsonNode symbol : entry.getValue()) {
        symbols.add(symbol(symbol, venuePath));
      }
      aliases.put(venue, symbols);
    }
    return aliases;
  }

  private Venue venue(String name, String path) {
    for (Venue venue : Venue.values()) {
      // UNKNOWN is what a reader makes of a venue it does not know; no config may name it.
      if (venue != Venue.UNKNOWN && venue.name().equals(name)) {
        return venue;
      }
    }
    throw error(path, "unknown venue '" + name + "'; known: " + knownVenues());
  }

  private String symbol(JsonNode node, String path) {
    if (node == null || !node.isTextual() || node.textValue().isBlank()) {
      throw error(path, "symbol must be a non-empty string (quote it if YAML reads it otherwise)");
    }
    return node.textValue();
  }

  private void rejectUnknownKeys(JsonNode node, Set<String> allowed, String path) {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!allowed.contains(entry.getKey())) {
        throw error(
            path + "." + entry.getKey(),
            "unknown key; allowed: " + allowed.stream().sorted().toList());
      }
    }
  }

  private static List<Venue> knownVenues() {
    return Arrays.stream(Venue.values()).filter(v -> v != Venue.UNKNOWN).toList();
  }

  InstrumentConfigException error(String path, String problem) {
    return new InstrumentConfigException(source + ": " + path + ": " + problem);
  }
}
