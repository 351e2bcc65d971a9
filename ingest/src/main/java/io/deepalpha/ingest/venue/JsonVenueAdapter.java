package io.deepalpha.ingest.venue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.ingest.json.FrameException;
import io.deepalpha.ingest.json.Json;
import io.deepalpha.ingest.json.Levels;
import io.deepalpha.model.event.Venue;
import java.io.IOException;

/**
 * Common frame handling of the JSON venues: counts the frame, opens a streaming parser, hands it to
 * the venue's {@link #handle}, and turns whatever goes wrong into one dead letter with a stage and
 * reason. No exception leaves {@link #onFrame}.
 */
public abstract class JsonVenueAdapter implements VenueAdapter {
  protected final AdapterSettings settings;
  protected final VenueCounters counters = new VenueCounters();
  protected final Emitter emitter;
  private final Venue venue;

  protected JsonVenueAdapter(Venue venue, AdapterSettings settings) {
    this.venue = venue;
    this.settings = settings;
    this.emitter = new Emitter(venue, counters);
  }

  @Override
  public final Venue venue() {
    return venue;
  }

  @Override
  public final VenueCounters counters() {
    return counters;
  }

  @Override
  public final QuoteSource quoteSource() {
    return settings.quoteSource();
  }

  @Override
  public final String instrumentOf(String venueSymbol) {
    InstrumentRef ref = settings.lookup().find(venue, venueSymbol);
    return ref == null ? null : ref.instrument();
  }

  @Override
  public void onConnect(long connectionId) {
    emitter.connect(connectionId);
    resetBooks();
  }

  @Override
  public final void onFrame(byte[] frame, long receiveTimeNs, EventSink sink) {
    counters.frames++;
    try (JsonParser parser = Json.parser(frame)) {
      handle(parser, frame, receiveTimeNs, sink);
    } catch (FrameException e) {
      emitter.deadLetter(e.stage(), e.getMessage(), frame, receiveTimeNs, sink);
    } catch (StreamReadException e) {
      emitter.deadLetter(
          FrameException.DECODE,
          "malformed JSON: " + e.getOriginalMessage(),
          frame,
          receiveTimeNs,
          sink);
    } catch (ArithmeticException | IllegalArgumentException e) {
      emitter.deadLetter(FrameException.VALIDATE, e.getMessage(), frame, receiveTimeNs, sink);
    } catch (IOException | RuntimeException e) {
      // A bug or an input shape we did not foresee: still a dead letter, never an escape.
      emitter.deadLetter(FrameException.DECODE, e.toString(), frame, receiveTimeNs, sink);
    }
  }

  @Override
  public void onSnapshot(String venueSymbol, byte[] body, long receiveTimeNs, EventSink sink) {
    emitter.deadLetter(
        FrameException.DECODE,
        venue + " takes book snapshots from the socket, not from REST",
        body,
        receiveTimeNs,
        sink);
  }

  /** Normalizes one frame; throws {@link FrameException} for anything it cannot use. */
  protected abstract void handle(
      JsonParser parser, byte[] frame, long receiveTimeNs, EventSink sink) throws IOException;

  /**
   * A best bid/ask taken from a venue's ticker (not from a maintained book) must be a usable quote
   * before it is published: positive prices, non-negative sizes, not crossed.
   */
  protected static void requireValidQuote(long bid, long bidSize, long ask, long askSize) {
    if (bid <= 0 || ask <= 0 || bidSize < 0 || askSize < 0) {
      throw new FrameException(
          FrameException.VALIDATE, "quote prices must be positive and sizes non-negative");
    }
    if (bid >= ask) {
      throw new FrameException(FrameException.VALIDATE, "quote crossed: bid >= ask");
    }
  }

  /** Forgets every book (a new connection starts from snapshots again). */
  protected abstract void resetBooks();

  /**
   * Applies {@code levels} to {@code book} all or nothing: when one value is unusable the book has
   * missed an update, so it is marked invalid and a resync is requested before the frame becomes a
   * dead letter.
   */
  protected final void applyLevels(
      Levels levels, InstrumentRef ref, OrderBook book, EventSink sink) {
    try {
      levels.resolve(ref.priceScale(), ref.sizeScale());
    } catch (RuntimeException e) {
      book.invalidate();
      counters.resyncs++;
      sink.onResyncNeeded(ref.venueSymbol(), "unusable book update: " + e.getMessage());
      throw e;
    }
    for (int i = 0; i < levels.count(); i++) {
      book.set(levels.bid(i), levels.priceValue(i), levels.sizeValue(i));
    }
  }

  /**
   * The instrument of {@code symbol}, or null after counting it as unmapped (or dead-lettering it
   * when configured so).
   */
  protected final InstrumentRef instrument(String symbol) {
    InstrumentRef ref = settings.lookup().find(venue, symbol);
    if (ref == null) {
      if (settings.unmappedToDeadLetter()) {
        throw new FrameException("map", "symbol " + symbol + " is not configured for " + venue);
      }
      counters.unmapped++;
    }
    return ref;
  }
}
