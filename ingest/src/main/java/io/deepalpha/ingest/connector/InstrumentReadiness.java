package io.deepalpha.ingest.connector;

import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.ingest.health.ReadinessCheck;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.model.event.Quote;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a connection publishes valid market data for each of its instruments, for {@code /ready}:
 * an instrument is ready once a quote was published from its synced book (venues quoting from the
 * book: every venue by default) or, for a venue quoting from its BBO channel, once a first valid
 * quote was published since the connection came up. A book the adapter invalidates (gap, checksum
 * mismatch, crossed, unusable level) makes it not ready again, with the reason, until a quote comes
 * from the resynced book.
 *
 * <p>Written on the connector's event loop, only when a state changes (a quote of a ready
 * instrument costs one int comparison); read by the HTTP server's threads through {@link
 * #checks()}.
 */
final class InstrumentReadiness {
  private final VenueAdapter adapter;
  private final boolean bookQuotes;

  /** Canonical instrument (or the venue symbol when unresolved) → state; built once. */
  private final Map<String, State> byInstrument = new LinkedHashMap<>();

  /** Venue symbols seen in resyncs (aliases included) → state; event loop only. */
  private final Map<String, State> byVenueSymbol = new HashMap<>();

  /** Instruments not ready; event loop only. */
  private int notReady;

  InstrumentReadiness(VenueAdapter adapter, List<String> venueSymbols) {
    this.adapter = adapter;
    this.bookQuotes = adapter.quoteSource().fromBook();
    for (String symbol : venueSymbols) {
      String instrument = adapter.instrumentOf(symbol);
      State state =
          byInstrument.computeIfAbsent(instrument != null ? instrument : symbol, k -> new State());
      byVenueSymbol.put(symbol, state);
    }
    notReady = byInstrument.size();
  }

  /** Instrument → its readiness check, in the configured order. */
  Map<String, ReadinessCheck> checks() {
    Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
    byInstrument.forEach((instrument, state) -> checks.put(instrument, () -> state.reason));
    return Collections.unmodifiableMap(checks);
  }

  /** A new session is subscribed: every instrument waits for its first snapshot or quote. */
  void onSubscribed() {
    markAll(
        bookQuotes
            ? "subscribed, waiting for the book snapshot"
            : "subscribed, waiting for the first quote");
  }

  /** The session is gone: nothing is published until the next one syncs. */
  void onDisconnected(String why) {
    markAll("no connection (" + why + ")");
  }

  /** The adapter asked for a resync of {@code venueSymbol} ("*": every book of the connection). */
  void onResync(String venueSymbol, String reason) {
    if (!bookQuotes) {
      return; // quotes come from the BBO channel: a book resync does not stop them
    }
    String why = "book not in sync: " + reason + "; waiting for a fresh snapshot";
    if ("*".equals(venueSymbol)) {
      markAll(why);
      return;
    }
    State state = stateOf(venueSymbol);
    if (state != null) {
      mark(state, why);
    }
  }

  /**
   * Why the snapshot {@code venueSymbol} waits for is not on its way yet (held back by the request
   * weight or a Retry-After, failed and retrying): added to its reason while it is not ready.
   */
  void onSnapshotWaiting(String venueSymbol, String why) {
    State state = stateOf(venueSymbol);
    if (state != null && state.reason != null) {
      state.reason = state.cause + " (snapshot " + why + ")";
    }
  }

  /** A quote is being published: its instrument is ready when it comes from a valid source. */
  void onQuote(Quote quote) {
    if (notReady == 0) {
      return;
    }
    State state = byInstrument.get(quote.getInstrument());
    if (state == null || state.reason == null) {
      return;
    }
    if (bookQuotes) {
      OrderBook book = adapter.book(quote.getVenueSymbol());
      if (book == null || !book.valid()) {
        return;
      }
    }
    state.reason = null;
    notReady--;
  }

  private State stateOf(String venueSymbol) {
    State state = byVenueSymbol.get(venueSymbol);
    if (state == null) {
      String instrument = adapter.instrumentOf(venueSymbol);
      state = instrument == null ? null : byInstrument.get(instrument);
      if (state != null) {
        byVenueSymbol.put(venueSymbol, state);
      }
    }
    return state;
  }

  private void markAll(String reason) {
    byInstrument.values().forEach(state -> mark(state, reason));
  }

  private void mark(State state, String reason) {
    if (state.reason == null) {
      notReady++;
    }
    state.cause = reason;
    state.reason = reason;
  }

  /** One instrument: null when ready, else why not. */
  private static final class State {
    volatile String reason = "not connected yet";

    /** The reason without the snapshot's detail; event loop only. */
    String cause = reason;
  }
}
