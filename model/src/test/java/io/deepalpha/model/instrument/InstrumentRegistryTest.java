package io.deepalpha.model.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepalpha.model.event.Venue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InstrumentRegistryTest {

  /** The real file, relative to the model module directory (surefire's working directory). */
  private static final Path REPO_INSTRUMENTS = Path.of("../configs/instruments.yaml");

  static Stream<InstrumentRegistry> realRegistries() {
    return Stream.of(InstrumentRegistry.load(REPO_INSTRUMENTS), InstrumentRegistry.loadDefault());
  }

  @ParameterizedTest
  @MethodSource("realRegistries")
  void inboundSymbolsAndAliasesMapToCanonicalInstruments(InstrumentRegistry registry) {
    assertThat(registry.inbound(Venue.BINANCE, "BTCUSDT"))
        .map(Instrument::name)
        .hasValue("BTC-USDT");
    assertThat(registry.inbound(Venue.KRAKEN, "XBT/USD")).map(Instrument::name).hasValue("BTC-USD");
    assertThat(registry.inbound(Venue.KRAKEN, "BTC/USD")).map(Instrument::name).hasValue("BTC-USD");
    assertThat(registry.inbound(Venue.COINBASE, "BTC-USD"))
        .map(Instrument::name)
        .hasValue("BTC-USD");
    assertThat(registry.inbound(Venue.COINBASE, "BTC-USDT"))
        .map(Instrument::name)
        .hasValue("BTC-USDT");
    assertThat(registry.inbound(Venue.OKX, "BTC-USDT")).map(Instrument::name).hasValue("BTC-USDT");
  }

  @ParameterizedTest
  @MethodSource("realRegistries")
  void usdAndUsdtAreDifferentInstruments(InstrumentRegistry registry) {
    Instrument usd = registry.require("BTC-USD");
    Instrument usdt = registry.require("BTC-USDT");

    assertThat(usd).isNotEqualTo(usdt);
    assertThat(usd.quote()).isEqualTo("USD");
    assertThat(usdt.quote()).isEqualTo("USDT");
    assertThat(registry.inbound(Venue.BINANCE, "BTCUSD")).isEmpty();
    assertThat(registry.inbound(Venue.OKX, "XBT/USD")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("realRegistries")
  void canonicalInstrumentsCarryScalesAndVenueSymbols(InstrumentRegistry registry) {
    Instrument btc = registry.require("BTC-USDT");

    assertThat(btc.base()).isEqualTo("BTC");
    assertThat(btc.priceScale()).isEqualTo(4);
    assertThat(btc.sizeScale()).isEqualTo(8);
    assertThat(registry.require("NKN-USDT").priceScale()).isEqualTo(8);
    assertThat(registry.require("XMR-USD").priceScale()).isEqualTo(6);
    assertThat(registry.venueSymbol(Venue.KRAKEN, "BTC-USD")).hasValue("BTC/USD");
    assertThat(registry.venueSymbol(Venue.BYBIT, "ETH-USDT")).hasValue("ETHUSDT");
    assertThat(registry.venueSymbol(Venue.BINANCE, "BTC-USD")).isEmpty();
    assertThat(registry.venueSymbol(Venue.BINANCE, "DOGE-USDT")).isEmpty();
    assertThat(btc.aliasesOn(Venue.KRAKEN)).containsExactly("XBT/USDT");
    assertThat(registry.listedOn(Venue.COINBASE))
        .extracting(Instrument::name)
        .containsExactly("BTC-USDT", "ETH-USDT", "SOL-USDT", "BTC-USD", "ETH-USD", "SKL-USD");
    assertThat(registry.instruments()).hasSize(8);
  }

  @Test
  void unknownInstrumentIsEmptyOrAClearError() {
    InstrumentRegistry registry = InstrumentRegistry.loadDefault();

    assertThat(registry.instrument("BTC-EUR")).isEmpty();
    assertThatThrownBy(() -> registry.require("BTC-EUR"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown instrument 'BTC-EUR'; known: [BTC-USDT, ");
  }

  @Test
  void fileIsLoadedFromAPath(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("instruments.yaml");
    Files.writeString(
        file,
        """
        instruments:
          ADA-EUR:
            priceScale: 5
            sizeScale: 2
            venues: { KRAKEN: ADA/EUR }
            aliases: { KRAKEN: [ ADAEUR ] }
        """);

    InstrumentRegistry registry = InstrumentRegistry.load(file);

    assertThat(registry.inbound(Venue.KRAKEN, "ADAEUR"))
        .hasValue(
            new Instrument(
                "ADA-EUR",
                "ADA",
                "EUR",
                5,
                2,
                Map.of(Venue.KRAKEN, "ADA/EUR"),
                Map.of(Venue.KRAKEN, List.of("ADAEUR"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void badFilesAreRejectedNamingTheKey(String name, String yaml, String message, @TempDir Path dir)
      throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);

    assertThatThrownBy(() -> InstrumentRegistry.load(file))
        .isInstanceOf(InstrumentConfigException.class)
        .hasMessage(file + ": " + message);
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        bad(
            "lowerCaseName",
            """
            instruments:
              btc-usdt: { priceScale: 4, sizeScale: 8, venues: { BINANCE: BTCUSDT } }
            """,
            "instruments.btc-usdt: canonical name must be BASE-QUOTE in upper case"
                + " (^[A-Z0-9]+-[A-Z0-9]+$)"),
        bad(
            "nameWithoutQuote",
            """
            instruments:
              BTCUSDT: { priceScale: 4, sizeScale: 8, venues: { BINANCE: BTCUSDT } }
            """,
            "instruments.BTCUSDT: canonical name must be BASE-QUOTE in upper case"
                + " (^[A-Z0-9]+-[A-Z0-9]+$)"),
        bad(
            "scaleTooLarge",
            """
            instruments:
              BTC-USDT: { priceScale: 19, sizeScale: 8, venues: { BINANCE: BTCUSDT } }
            """,
            "instruments.BTC-USDT.priceScale: must be an integer 0..18, got 19"),
        bad(
            "negativeScale",
            """
            instruments:
              BTC-USDT: { priceScale: 4, sizeScale: -1, venues: { BINANCE: BTCUSDT } }
            """,
            "instruments.BTC-USDT.sizeScale: must be an integer 0..18, got -1"),
        bad(
            "missingScale",
            """
            instruments:
              BTC-USDT: { sizeScale: 8, venues: { BINANCE: BTCUSDT } }
            """,
            "instruments.BTC-USDT.priceScale: must be an integer 0..18, got null"),
        bad(
            "unknownVenue",
            """
            instruments:
              BTC-USDT: { priceScale: 4, sizeScale: 8, venues: { BINANCE: BTCUSDT, FTX: BTC/USDT } }
            """,
            "instruments.BTC-USDT.venues.FTX: unknown venue 'FTX';"
                + " known: [BINANCE, OKX, BYBIT, COINBASE, KRAKEN]"),
        bad(
            "unknownAliasVenue",
            """
            instruments:
              BTC-USD:
                priceScale: 4
                sizeScale: 8
                venues: { KRAKEN: BTC/USD }
                aliases: { Kraken: [ XBT/USD ] }
            """,
            "instruments.BTC-USD.aliases.Kraken: unknown venue 'Kraken';"
                + " known: [BINANCE, OKX, BYBIT, COINBASE, KRAKEN]"),
        bad(
            "duplicateVenueSymbol",
            """
            instruments:
              BTC-USDT: { priceScale: 4, sizeScale: 8, venues: { BINANCE: BTCUSDT } }
              ETH-USDT: { priceScale: 4, sizeScale: 8, venues: { BINANCE: BTCUSDT } }
            """,
            "instruments.ETH-USDT.venues.BINANCE: symbol 'BTCUSDT' already means BTC-USDT on BINANCE"),
        bad(
            "aliasClashingWithAnotherSymbol",
            """
            instruments:
              BTC-USD: { priceScale: 4, sizeScale: 8, venues: { KRAKEN: BTC/USD } }
              BTC-USDT:
                priceScale: 4
                sizeScale: 8
                venues: { KRAKEN: BTC/USDT }
                aliases: { KRAKEN: [ BTC/USD ] }
            """,
            "instruments.BTC-USDT.aliases.KRAKEN: symbol 'BTC/USD' already means BTC-USD on"
                + " KRAKEN"),
        bad(
            "misspelledKey",
            """
            instruments:
              BTC-USDT: { priceScale: 4, sizescale: 8, venues: { BINANCE: BTCUSDT } }
            """,
            "instruments.BTC-USDT.sizescale: unknown key;"
                + " allowed: [aliases, priceScale, sizeScale, venues]"),
        bad(
            "aliasesNotAList",
            """
            instruments:
              BTC-USD:
                priceScale: 4
                sizeScale: 8
                venues: { KRAKEN: BTC/USD }
                aliases: { KRAKEN: XBT/USD }
            """,
            "instruments.BTC-USD.aliases.KRAKEN: must be a list of symbols, e.g. [ XBT/USD ]"),
        bad(
            "noVenues",
            """
            instruments:
              BTC-USDT: { priceScale: 4, sizeScale: 8 }
            """,
            "instruments.BTC-USDT.venues: must map at least one venue to its symbol"),
        bad(
            "emptySymbol",
            """
            instruments:
              BTC-USDT: { priceScale: 4, sizeScale: 8, venues: { BINANCE: "" } }
            """,
            "instruments.BTC-USDT.venues.BINANCE: symbol must be a non-empty string"
                + " (quote it if YAML reads it otherwise)"),
        bad(
            "noInstruments",
            """
            instruments: {}
            """,
            "instruments: must be a non-empty mapping of canonical name to instrument"),
        bad(
            "unknownTopLevelKey",
            """
            instrument:
              BTC-USDT: { priceScale: 4, sizeScale: 8, venues: { BINANCE: BTCUSDT } }
            """,
            "(root).instrument: unknown key; allowed: [instruments]"));
  }

  @Test
  void duplicateInstrumentKeyIsRejected(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("dup.yaml");
    Files.writeString(
        file,
        """
        instruments:
          BTC-USDT: { priceScale: 4, sizeScale: 8, venues: { BINANCE: BTCUSDT } }
          BTC-USDT: { priceScale: 2, sizeScale: 8, venues: { OKX: BTC-USDT } }
        """);

    assertThatThrownBy(() -> InstrumentRegistry.load(file))
        .isInstanceOf(InstrumentConfigException.class)
        .hasMessageStartingWith(file + ": not valid YAML: Duplicate field 'BTC-USDT'");
  }

  private static Arguments bad(String name, String yaml, String message) {
    return Arguments.of(name, yaml, message);
  }
}
