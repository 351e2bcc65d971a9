package io.deepalpha.ingest.venue.kraken;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.deepalpha.ingest.book.Checksums;
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
 * Kraken WebSocket v1: book-{depth} (snapshot, then updates carrying the CRC32 of the top 10
 * levels, FACTS.md §3; the book is cut to its subscribed depth after each update because Kraken
 * sends no delete for levels that fall out of it), ticker (best bid/ask with lot volumes; no event
 * time, so the receive time stands in), trade. Event objects (heartbeat, systemStatus,
 * subscriptionStatus) are control frames. WebSocket v2 is not normalized yet.
 */
public final class KrakenAdapter extends JsonVenueAdapter {
  private final KrakenMessage message = new KrakenMessage();
  private final Checksums checksums = new Checksums();
  private final Map<String, KrakenBook> books = new HashMap<>();

  public KrakenAdapter(AdapterSettings settings) {
    super(Venue.KRAKEN, settings);
  }

  /** The book of {@code pair}, or null (for conformance checks). */
  @Override
  public OrderBook book(String pair) {
    KrakenBook state = books.get(pair);
    return state == null ? null : state.book;
  }

  @Override
  protected void resetBooks() {
    books.values().forEach(b -> b.book.invalidate());
  }

  @Override
  protected void handle(JsonParser parser, byte[] frame, long receiveTimeNs, EventSink sink)
      throws IOException {
    JsonToken first = Json.next(parser);
    if (first == JsonToken.START_OBJECT) {
      onEventObject(parser);
      return;
    }
    Json.expect(parser, JsonToken.START_ARRAY, "frame");
    KrakenMessage m = message;
    m.readChannelMessage(parser);
    if (parser.nextToken() != null) {
      throw new FrameException(FrameException.DECODE, "data after the JSON array");
    }
    if (m.channelName.startsWith("book-")) {
      onBook(frame, receiveTimeNs, sink);
    } else if ("trade".equals(m.channelName)) {
      onTrades(receiveTimeNs, sink);
    } else if ("ticker".equals(m.channelName)) {
      onTicker(receiveTimeNs, sink);
    } else {
      counters.control++;
    }
  }

  private void onEventObject(JsonParser parser) throws IOException {
    boolean event = false;
    while (Json.next(parser) != JsonToken.END_OBJECT) {
      String name = parser.currentName();
      Json.next(parser);
      event |= "event".equals(name) || "channel".equals(name) || "method".equals(name);
      parser.skipChildren();
    }
    if (!event) {
      throw new FrameException(FrameException.DECODE, "object without event");
    }
    counters.control++;
  }

  private void onTicker(long receiveTimeNs, EventSink sink) {
    KrakenMessage m = message;
    if (m.tickerBid < 0 || m.tickerAsk < 0 || m.tickerBidSize < 0 || m.tickerAskSize < 0) {
      throw new FrameException(FrameException.DECODE, "missing ticker a/b");
    }
    if (!settings.quoteSource().fromTicker()) {
      counters.control++;
      return;
    }
    InstrumentRef ref = instrument(m.pair);
    if (ref == null) {
      return;
    }
    long bid = m.scalars.decimal(m.tickerBid, ref.priceScale());
    long bidSize = m.scalars.decimal(m.tickerBidSize, ref.sizeScale());
    long ask = m.scalars.decimal(m.tickerAsk, ref.priceScale());
    long askSize = m.scalars.decimal(m.tickerAskSize, ref.sizeScale());
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

  private void onTrades(long receiveTimeNs, EventSink sink) {
    KrakenMessage m = message;
    InstrumentRef ref = instrument(m.pair);
    if (ref == null) {
      return;
    }
    for (int t = 0; t < m.trades; t++) {
      long price = m.scalars.decimal(m.tradePrice[t], ref.priceScale());
      long size = m.scalars.decimal(m.tradeVolume[t], ref.sizeScale());
      long timeUs = m.scalars.decimal(m.tradeTime[t], 6);
      if (price <= 0 || size <= 0) {
        throw new FrameException(FrameException.VALIDATE, "trade price and size must be positive");
      }
      Side side =
          switch (m.tradeSide[t]) {
            case "b" -> Side.BUY;
            case "s" -> Side.SELL;
            default -> throw new FrameException(FrameException.VALIDATE, "side " + m.tradeSide[t]);
          };
      // v1 trades carry no id: time, price and volume identify one within a pair.
      String id =
          m.scalars.text(m.tradeTime[t])
              + "-"
              + m.scalars.text(m.tradePrice[t])
              + "-"
              + m.scalars.text(m.tradeVolume[t]);
      emitter.trade(ref, timeUs, receiveTimeNs, id, price, size, side, sink);
    }
  }

  private void onBook(byte[] frame, long receiveTimeNs, EventSink sink) {
    KrakenMessage m = message;
    InstrumentRef ref = instrument(m.pair);
    if (ref == null) {
      return;
    }
    KrakenBook state = books.computeIfAbsent(m.pair, p -> new KrakenBook(depthOf(m.channelName)));
    OrderBook book = state.book;
    Levels levels = m.levels;
    if (m.snapshot) {
      book.startSnapshot();
      state.priceDecimals = 0;
      state.sizeDecimals = 0;
      for (int i = 0; i < levels.count(); i++) {
        state.priceDecimals =
            Math.max(state.priceDecimals, levels.text().fractionDigits(levels.priceIndex(i)));
        state.sizeDecimals =
            Math.max(state.sizeDecimals, levels.text().fractionDigits(levels.sizeIndex(i)));
      }
    } else if (!book.valid()) {
      counters.skippedWhileSyncing++;
      return;
    }
    applyLevels(levels, ref, book, sink);
    counters.bookUpdates++;
    book.bids().truncate(state.depth);
    book.asks().truncate(state.depth);
    if (m.checksum >= 0) {
      long computed =
          checksums.kraken(
              book, ref.priceScale(), ref.sizeScale(), state.priceDecimals, state.sizeDecimals);
      if (computed != m.checksum) {
        counters.checksumMismatches++;
        broken(state, ref, "checksum mismatch: venue " + m.checksum + ", book " + computed, sink);
      }
      counters.checksumsVerified++;
    }
    if (book.crossed()) {
      counters.crossedBooks++;
      broken(state, ref, "book crossed", sink);
    }
    if (settings.quoteSource().fromBook() && book.topChanged()) {
      boolean venueTime = m.maxLevelTimeUs > 0;
      emitter.quote(
          ref,
          venueTime ? m.maxLevelTimeUs : receiveTimeNs / 1_000,
          receiveTimeNs,
          venueTime ? TimeSource.EXCHANGE : TimeSource.RECEIVE,
          book.bids().price(0),
          book.bids().size(0),
          book.asks().price(0),
          book.asks().size(0),
          sink);
    }
  }

  private void broken(KrakenBook state, InstrumentRef ref, String reason, EventSink sink) {
    state.book.invalidate();
    counters.resyncs++;
    sink.onResyncNeeded(ref.venueSymbol(), reason);
    throw new FrameException(FrameException.BOOK, reason + "; resubscribing");
  }

  private static int depthOf(String channelName) {
    int depth;
    try {
      depth = Integer.parseInt(channelName.substring("book-".length()));
    } catch (NumberFormatException e) {
      depth = -1;
    }
    if (depth < 1 || depth > 100_000) {
      throw new FrameException(FrameException.DECODE, "channel " + channelName);
    }
    return depth;
  }

  /** Book state of one pair. */
  private static final class KrakenBook {
    final OrderBook book = new OrderBook();
    final int depth;
    int priceDecimals;
    int sizeDecimals;

    KrakenBook(int depth) {
      this.depth = depth;
    }
  }
}
