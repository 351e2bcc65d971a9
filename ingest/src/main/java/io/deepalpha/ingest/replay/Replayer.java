package io.deepalpha.ingest.replay;

import io.deepalpha.ingest.recording.RecordedFrame;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.Adapters;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.ingest.venue.QuoteSource;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.ingest.venue.kraken.KrakenProtocol;
import io.deepalpha.model.event.Venue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Drives adapters with recorded frames, offline: one adapter per recorded connection, CONNECT
 * starts a connection, RECEIVE frames are normalized, HTTP depth responses are Binance snapshots.
 * Connection ids are derived from the recording's connection names, so a replay gives the same
 * events every time.
 */
public final class Replayer {
  private final AdapterSettings settings;
  private final QuoteSource quoteSource;
  private final Map<String, VenueAdapter> adapters = new LinkedHashMap<>();
  private final Function<String, Venue> venueOfConnection;

  /**
   * @param quoteSource null for each venue's default
   * @param venueOfConnection the venue of a connection name (e.g. from the recording's file name)
   */
  public Replayer(
      AdapterSettings settings,
      QuoteSource quoteSource,
      Function<String, Venue> venueOfConnection) {
    this.settings = settings;
    this.quoteSource = quoteSource;
    this.venueOfConnection = venueOfConnection;
  }

  public Map<String, VenueAdapter> adapters() {
    return adapters;
  }

  public void replay(List<RecordedFrame> frames, EventSink sink) {
    for (RecordedFrame frame : frames) {
      replay(frame, sink);
    }
  }

  public void replay(RecordedFrame frame, EventSink sink) {
    switch (frame.kind()) {
      case CONNECT -> adapter(frame).onConnect(connectionId(frame.connection()));
      case RECEIVE -> adapter(frame).onFrame(frame.data(), frame.timeNs(), sink);
      case HTTP -> {
        String symbol = depthSymbol(frame.address());
        VenueAdapter target =
            symbol == null ? null : latestOf(venueOfConnection.apply(frame.connection()));
        if (target != null) {
          target.onSnapshot(symbol, frame.data(), frame.timeNs(), sink);
        }
      }
      case SEND -> {}
    }
  }

  /** REST snapshots belong to the venue's WebSocket connection opened last. */
  private VenueAdapter latestOf(Venue venue) {
    VenueAdapter latest = null;
    for (VenueAdapter adapter : adapters.values()) {
      if (adapter.venue() == venue) {
        latest = adapter;
      }
    }
    return latest;
  }

  private VenueAdapter adapter(RecordedFrame frame) {
    return adapters.computeIfAbsent(
        frame.connection(),
        name -> {
          Venue venue = venueOfConnection.apply(name);
          QuoteSource source =
              quoteSource != null ? quoteSource : Adapters.defaultQuoteSource(venue);
          AdapterSettings forConnection =
              new AdapterSettings(
                  Adapters.lookupFor(venue, frame.address(), settings.lookup()),
                  source,
                  settings.unmappedToDeadLetter(),
                  KrakenProtocol.ofAddress(frame.address(), settings.krakenProtocol()));
          VenueAdapter adapter = Adapters.create(venue, forConnection);
          adapter.onConnect(connectionId(name));
          return adapter;
        });
  }

  /** Binance REST depth snapshots: {@code .../api/v3/depth?symbol=NKNUSDT&limit=1000}. */
  static String depthSymbol(String url) {
    if (url == null || !url.contains("/depth")) {
      return null;
    }
    String query = URI.create(url).getRawQuery();
    if (query == null) {
      return null;
    }
    for (String part : query.split("&")) {
      if (part.startsWith("symbol=")) {
        return part.substring("symbol=".length());
      }
    }
    return null;
  }

  static long connectionId(String connection) {
    return UUID.nameUUIDFromBytes(connection.getBytes(StandardCharsets.UTF_8))
        .getMostSignificantBits();
  }
}
