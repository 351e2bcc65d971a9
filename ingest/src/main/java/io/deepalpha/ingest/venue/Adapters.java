package io.deepalpha.ingest.venue;

import io.deepalpha.ingest.venue.binance.BinanceAdapter;
import io.deepalpha.ingest.venue.bybit.BybitAdapter;
import io.deepalpha.ingest.venue.coinbase.CoinbaseAdapter;
import io.deepalpha.ingest.venue.kraken.KrakenAdapter;
import io.deepalpha.ingest.venue.kraken.KrakenProtocol;
import io.deepalpha.ingest.venue.kraken.v2.KrakenV2Adapter;
import io.deepalpha.ingest.venue.okx.OkxAdapter;
import io.deepalpha.model.event.Venue;

/** The one place that knows every venue: adding a venue is a package plus a line here. */
public final class Adapters {
  private Adapters() {}

  public static VenueAdapter create(Venue venue, AdapterSettings settings) {
    return switch (venue) {
      case BINANCE -> new BinanceAdapter(settings);
      case OKX -> new OkxAdapter(settings);
      case BYBIT -> new BybitAdapter(settings);
      case COINBASE -> new CoinbaseAdapter(settings);
      case KRAKEN ->
          settings.krakenProtocol() == KrakenProtocol.V2
              ? new KrakenV2Adapter(settings)
              : new KrakenAdapter(settings);
      case UNKNOWN -> throw new IllegalArgumentException("no adapter for venue UNKNOWN");
    };
  }

  /**
   * Where each venue's quotes come from by default: the top of the maintained, checked book
   * (sequence, checksum), so a quote is never built on a broken book and the normalized BBO equals
   * the top of the book. Binance too: its depth stream (100 ms batches, U/u-checked, REST
   * snapshots) rather than its unchecked tick-by-tick bookTicker (README, decisions).
   */
  public static QuoteSource defaultQuoteSource(Venue venue) {
    return QuoteSource.BOOK;
  }

  /**
   * Bybit linear (perpetual) contracts share symbols with spot (BTCUSDT) but are a different
   * instrument; the canonical names of {@code configs/instruments.yaml} are spot, so a linear
   * connection maps nothing unless every symbol is accepted on purpose (conformance replays).
   */
  public static InstrumentLookup lookupFor(Venue venue, String address, InstrumentLookup spot) {
    boolean derivatives =
        venue == Venue.BYBIT
            && address != null
            && (address.contains("/linear")
                || address.contains("/inverse")
                || address.contains("/option"));
    if (derivatives && !(spot instanceof AnySymbolLookup)) {
      return (v, symbol) -> null;
    }
    return spot;
  }
}
