package io.deepalpha.ingest.venue.binance;

import com.fasterxml.jackson.core.JsonParser;
import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.ingest.json.FrameException;
import io.deepalpha.ingest.json.Json;
import io.deepalpha.ingest.json.Levels;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.ingest.venue.InstrumentRef;
import io.deepalpha.ingest.venue.JsonVenueAdapter;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Venue;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Binance spot public streams: bookTicker (quotes, receive time as event time: Binance sends none),
 * aggTrade and trade, depthUpdate diffs kept in sync with REST snapshots by the documented
 * lastUpdateId/U/u rule. Klines and other streams are counted as control and skipped.
 */
public final class BinanceAdapter extends JsonVenueAdapter {
  private final BinanceMessage message = new BinanceMessage();

  /** Reads buffered diffs' U while {@link #message} still holds the snapshot. */
  private final BinanceMessage probe = new BinanceMessage();

  private final Map<String, BinanceBook> books = new HashMap<>();
  private boolean replaying;

  public BinanceAdapter(AdapterSettings settings) {
    super(Venue.BINANCE, settings);
  }

  /** The book of {@code venueSymbol}, or null (for conformance checks). */
  @Override
  public OrderBook book(String venueSymbol) {
    BinanceBook state = books.get(venueSymbol);
    return state == null ? null : state.book;
  }

  /** Update id the book of {@code venueSymbol} is at, or -1 when it is not in sync. */
  public long bookUpdateId(String venueSymbol) {
    BinanceBook state = books.get(venueSymbol);
    return state == null || !state.synced ? -1 : state.lastUpdateId;
  }

  @Override
  protected void resetBooks() {
    books.values().forEach(BinanceBook::reset);
  }

  @Override
  protected void handle(JsonParser parser, byte[] frame, long receiveTimeNs, EventSink sink)
      throws IOException {
    message.read(parser);
    BinanceMessage m = message;
    if ("depthUpdate".equals(m.eventType)) {
      onDepth(frame, receiveTimeNs, sink);
    } else if ("aggTrade".equals(m.eventType) || "trade".equals(m.eventType)) {
      onTrade(receiveTimeNs, sink);
    } else if (m.isBookTicker()) {
      onBookTicker(receiveTimeNs, sink);
    } else if (m.eventType != null || m.sawControl || m.sawData) {
      counters.control++;
    } else {
      throw new FrameException(FrameException.DECODE, "not a Binance stream message");
    }
  }

  private void onBookTicker(long receiveTimeNs, EventSink sink) {
    BinanceMessage m = message;
    m.require(
        m.symbol != null && m.bidSize != BinanceMessage.NONE && m.askSize != BinanceMessage.NONE,
        "bookTicker s/B/A");
    if (!settings.quoteSource().fromTicker()) {
      counters.control++;
      return;
    }
    InstrumentRef ref = instrument(m.symbol);
    if (ref == null) {
      return;
    }
    long bid = m.scalars.decimal(m.bidPrice, ref.priceScale());
    long bidSize = m.scalars.decimal(m.bidSize, ref.sizeScale());
    long ask = m.scalars.decimal(m.askPrice, ref.priceScale());
    long askSize = m.scalars.decimal(m.askSize, ref.sizeScale());
    requireValidQuote(bid, bidSize, ask, askSize);
    emitter.quote(
        ref,
        receiveTimeNs / 1_000,
        receiveTimeNs,
        TimeSource.RECEIVE,
        bid,
        bidSize,
        ask,
        askSize,
        sink);
  }

  private void onTrade(long receiveTimeNs, EventSink sink) {
    BinanceMessage m = message;
    m.require(
        m.symbol != null
            && m.price != BinanceMessage.NONE
            && m.quantity != BinanceMessage.NONE
            && m.tradeTime != BinanceMessage.NONE,
        "trade s/p/q/T");
    long id = "aggTrade".equals(m.eventType) ? m.aggregateId : m.tradeId;
    m.require(id != BinanceMessage.NONE, "trade id");
    InstrumentRef ref = instrument(m.symbol);
    if (ref == null) {
      return;
    }
    long price = m.scalars.decimal(m.price, ref.priceScale());
    long size = m.scalars.decimal(m.quantity, ref.sizeScale());
    if (price <= 0 || size <= 0) {
      throw new FrameException(FrameException.VALIDATE, "trade price and size must be positive");
    }
    // m = buyer is the maker, so the seller took liquidity.
    Side taker = m.buyerIsMaker ? Side.SELL : Side.BUY;
    emitter.trade(
        ref, m.tradeTime * 1_000, receiveTimeNs, Long.toString(id), price, size, taker, sink);
  }

  private void onDepth(byte[] frame, long receiveTimeNs, EventSink sink) {
    BinanceMessage m = message;
    m.require(
        m.symbol != null
            && m.firstUpdateId != BinanceMessage.NONE
            && m.lastUpdateId != BinanceMessage.NONE
            && m.eventTime != BinanceMessage.NONE,
        "depthUpdate s/U/u/E");
    InstrumentRef ref = instrument(m.symbol);
    if (ref == null) {
      return;
    }
    BinanceBook state = books.computeIfAbsent(m.symbol, s -> new BinanceBook(ref));
    if (!state.synced) {
      buffer(state, frame, receiveTimeNs, sink, "book needs a REST snapshot");
      return;
    }
    applyDiff(state, frame, receiveTimeNs, sink);
  }

  private void buffer(
      BinanceBook state, byte[] frame, long receiveTimeNs, EventSink sink, String reason) {
    counters.skippedWhileSyncing++;
    if (state.pending.size() == BinanceBook.MAX_PENDING) {
      state.pending.removeFirst();
      state.snapshotRequested = false;
    }
    state.pending.addLast(
        new BinanceBook.Pending(replaying ? frame : frame.clone(), receiveTimeNs));
    if (!state.snapshotRequested) {
      state.snapshotRequested = true;
      counters.resyncs++;
      sink.onResyncNeeded(state.ref.venueSymbol(), reason);
    }
  }

  private void applyDiff(BinanceBook state, byte[] frame, long receiveTimeNs, EventSink sink) {
    BinanceMessage m = message;
    long first = m.firstUpdateId;
    long last = m.lastUpdateId;
    if (last <= state.lastUpdateId) {
      counters.skippedWhileSyncing++; // older than the book: the rule says drop it
      return;
    }
    boolean inSequence =
        state.firstAfterSnapshot
            ? first <= state.lastUpdateId + 1
            : first == state.lastUpdateId + 1;
    if (!inSequence) {
      counters.gaps++;
      long expected = state.lastUpdateId + 1;
      // Not a bad frame: it starts the buffer the next snapshot is applied under.
      state.reset();
      buffer(
          state,
          frame,
          receiveTimeNs,
          sink,
          "sequence gap: diff U=" + first + ", expected " + expected + "; needs a REST snapshot");
      return;
    }
    OrderBook book = state.book;
    Levels levels = m.levels;
    InstrumentRef ref = state.ref;
    try {
      applyLevels(levels, ref, book, sink);
    } catch (RuntimeException e) {
      state.reset(); // buffer from here on until the requested snapshot arrives
      state.snapshotRequested = true;
      throw e;
    }
    state.lastUpdateId = last;
    state.firstAfterSnapshot = false;
    counters.bookUpdates++;
    if (book.crossed()) {
      counters.crossedBooks++;
      state.reset();
      emitter.deadLetter(
          FrameException.BOOK,
          "book crossed after diff u=" + last + "; resyncing",
          frame,
          receiveTimeNs,
          sink);
      counters.resyncs++;
      state.snapshotRequested = true;
      sink.onResyncNeeded(ref.venueSymbol(), "crossed book");
      return;
    }
    if (settings.quoteSource().fromBook() && book.topChanged()) {
      emitter.quote(
          ref,
          m.eventTime * 1_000,
          receiveTimeNs,
          TimeSource.EXCHANGE,
          book.bids().price(0),
          book.bids().size(0),
          book.asks().price(0),
          book.asks().size(0),
          sink);
    }
  }

  @Override
  public void onSnapshot(String venueSymbol, byte[] body, long receiveTimeNs, EventSink sink) {
    counters.frames++;
    try (JsonParser parser = Json.parser(body)) {
      message.read(parser);
      applySnapshot(venueSymbol, body, receiveTimeNs, sink);
    } catch (FrameException e) {
      emitter.deadLetter(e.stage(), e.getMessage(), body, receiveTimeNs, sink);
    } catch (IOException | RuntimeException e) {
      emitter.deadLetter(FrameException.DECODE, "depth snapshot: " + e, body, receiveTimeNs, sink);
    }
  }

  private void applySnapshot(String venueSymbol, byte[] body, long receiveTimeNs, EventSink sink) {
    BinanceMessage m = message;
    m.require(m.snapshotUpdateId != BinanceMessage.NONE, "lastUpdateId");
    InstrumentRef ref = instrument(venueSymbol);
    if (ref == null) {
      return;
    }
    BinanceBook state = books.computeIfAbsent(venueSymbol, s -> new BinanceBook(ref));
    BinanceBook.Pending oldest = state.pending.peekFirst();
    if (oldest != null && m.snapshotUpdateId < firstUpdateIdOf(oldest)) {
      // Older than everything buffered: the documented answer is to fetch another one.
      counters.resyncs++;
      sink.onResyncNeeded(venueSymbol, "snapshot older than the buffered diffs");
      return;
    }
    OrderBook book = state.book;
    book.startSnapshot();
    Levels levels = m.levels;
    try {
      applyLevels(levels, ref, book, sink);
    } catch (RuntimeException e) {
      state.book.invalidate();
      state.snapshotRequested = true;
      throw e;
    }
    state.lastUpdateId = m.snapshotUpdateId;
    counters.bookUpdates++;
    state.synced = true;
    state.firstAfterSnapshot = true;
    state.snapshotRequested = false;
    replayPending(state, sink);
  }

  private long firstUpdateIdOf(BinanceBook.Pending pending) {
    try (JsonParser parser = Json.parser(pending.frame())) {
      probe.read(parser);
      return probe.firstUpdateId;
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  private void replayPending(BinanceBook state, EventSink sink) {
    replaying = true;
    try {
      while (state.synced && !state.pending.isEmpty()) {
        BinanceBook.Pending next = state.pending.removeFirst();
        try (JsonParser parser = Json.parser(next.frame())) {
          message.read(parser);
          applyDiff(state, next.frame(), next.receiveTimeNs(), sink);
        } catch (FrameException e) {
          emitter.deadLetter(e.stage(), e.getMessage(), next.frame(), next.receiveTimeNs(), sink);
        } catch (IOException | RuntimeException e) {
          emitter.deadLetter(
              FrameException.DECODE, e.toString(), next.frame(), next.receiveTimeNs(), sink);
        }
      }
    } finally {
      replaying = false;
    }
  }
}
