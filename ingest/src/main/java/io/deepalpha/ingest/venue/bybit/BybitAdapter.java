package io.deepalpha.ingest.venue.bybit;

import com.fasterxml.jackson.core.JsonParser;
import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.ingest.json.FrameException;
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
 * Bybit v5 public channels (spot and linear share the format): orderbook.{depth}.{symbol} snapshot
 * + delta with update id {@code u} continuous (FACTS.md §6; a snapshot, including the u=1 one after
 * a service restart, resets the book), publicTrade, tickers (deltas merged into the last full
 * ticker). Subscription acks and pongs are control frames.
 */
public final class BybitAdapter extends JsonVenueAdapter {
  private final BybitMessage message = new BybitMessage();
  private final Map<String, BybitBook> books = new HashMap<>();
  private final Map<String, long[]> tickers = new HashMap<>();

  public BybitAdapter(AdapterSettings settings) {
    super(Venue.BYBIT, settings);
  }

  /** The book of {@code symbol}, or null (for conformance checks). */
  @Override
  public OrderBook book(String symbol) {
    BybitBook state = books.get(symbol);
    return state == null ? null : state.book;
  }

  @Override
  protected void resetBooks() {
    books.values().forEach(b -> b.book.invalidate());
    tickers.clear();
  }

  @Override
  protected void handle(JsonParser parser, byte[] frame, long receiveTimeNs, EventSink sink)
      throws IOException {
    BybitMessage m = message;
    m.read(parser);
    if (m.topic == null) {
      if (m.control) {
        counters.control++;
        return;
      }
      throw new FrameException(FrameException.DECODE, "neither topic nor op");
    }
    m.require(m.sawData, "data");
    if (m.topic.startsWith("orderbook.")) {
      onBook(frame, receiveTimeNs, sink);
    } else if (m.topic.startsWith("publicTrade.")) {
      onTrades(receiveTimeNs, sink);
    } else if (m.topic.startsWith("tickers.")) {
      onTicker(receiveTimeNs, sink);
    } else {
      counters.control++;
    }
  }

  private void onTicker(long receiveTimeNs, EventSink sink) {
    BybitMessage m = message;
    m.require(m.symbol != null && m.ts != BybitMessage.NONE, "tickers symbol/ts");
    if (!settings.quoteSource().fromTicker()) {
      counters.control++;
      return;
    }
    InstrumentRef ref = instrument(m.symbol);
    if (ref == null) {
      return;
    }
    // Spot tickers carry no bid/ask at all; linear deltas carry only what changed.
    long[] last = tickers.computeIfAbsent(m.symbol, s -> new long[] {-1, -1, -1, -1});
    if ("snapshot".equals(m.type)) {
      java.util.Arrays.fill(last, -1);
    }
    boolean changed = false;
    changed |= merge(last, 0, m.bid1Price, ref.priceScale());
    changed |= merge(last, 1, m.bid1Size, ref.sizeScale());
    changed |= merge(last, 2, m.ask1Price, ref.priceScale());
    changed |= merge(last, 3, m.ask1Size, ref.sizeScale());
    if (!changed || last[0] < 0 || last[1] < 0 || last[2] < 0 || last[3] < 0) {
      counters.control++;
      return;
    }
    if (last[0] == 0 || last[2] == 0 || last[0] >= last[2]) {
      java.util.Arrays.fill(last, -1); // forget it: the next full ticker starts over
      throw new FrameException(FrameException.VALIDATE, "ticker bid1/ask1 not a valid quote");
    }
    emitter.quote(
        ref,
        m.ts * 1_000,
        receiveTimeNs,
        TimeSource.EXCHANGE,
        last[0],
        last[1],
        last[2],
        last[3],
        sink);
  }

  private boolean merge(long[] last, int slot, int text, int scale) {
    if (text == BybitMessage.NONE) {
      return false;
    }
    long value = message.scalars.decimal(text, scale);
    if (value < 0) {
      throw new FrameException(FrameException.VALIDATE, "negative ticker value");
    }
    boolean changed = last[slot] != value;
    last[slot] = value;
    return changed;
  }

  private void onTrades(long receiveTimeNs, EventSink sink) {
    BybitMessage m = message;
    for (int t = 0; t < m.trades; t++) {
      m.require(
          m.tradeSymbols[t] != null
              && m.tradePrices[t] != BybitMessage.NONE
              && m.tradeSizes[t] != BybitMessage.NONE
              && m.tradeTimes[t] != BybitMessage.NONE
              && m.tradeIds[t] != null
              && m.tradeSides[t] != null,
          "publicTrade s/p/v/T/i/S");
    }
    for (int t = 0; t < m.trades; t++) {
      InstrumentRef ref = instrument(m.tradeSymbols[t]);
      if (ref == null) {
        continue;
      }
      long price = m.scalars.decimal(m.tradePrices[t], ref.priceScale());
      long size = m.scalars.decimal(m.tradeSizes[t], ref.sizeScale());
      if (price <= 0 || size <= 0) {
        throw new FrameException(FrameException.VALIDATE, "trade price and size must be positive");
      }
      Side side =
          switch (m.tradeSides[t]) {
            case "Buy" -> Side.BUY;
            case "Sell" -> Side.SELL;
            default -> throw new FrameException(FrameException.VALIDATE, "side " + m.tradeSides[t]);
          };
      emitter.trade(
          ref, m.tradeTimes[t] * 1_000, receiveTimeNs, m.tradeIds[t], price, size, side, sink);
    }
  }

  private void onBook(byte[] frame, long receiveTimeNs, EventSink sink) {
    BybitMessage m = message;
    m.require(
        m.symbol != null
            && m.updateId != BybitMessage.NONE
            && m.type != null
            && m.ts != BybitMessage.NONE,
        "orderbook s/u/type/ts");
    InstrumentRef ref = instrument(m.symbol);
    if (ref == null) {
      return;
    }
    BybitBook state = books.computeIfAbsent(m.symbol, s -> new BybitBook());
    OrderBook book = state.book;
    boolean snapshot = "snapshot".equals(m.type);
    if (snapshot) {
      book.startSnapshot();
    } else if (!"delta".equals(m.type)) {
      throw new FrameException(FrameException.DECODE, "orderbook type " + m.type);
    } else if (!book.valid()) {
      counters.skippedWhileSyncing++;
      return;
    } else if (m.updateId != state.updateId + 1) {
      counters.gaps++;
      broken(state, ref, "u gap: book at " + state.updateId + ", delta u=" + m.updateId, sink);
    }
    Levels levels = m.levels;
    applyLevels(levels, ref, book, sink);
    state.updateId = m.updateId;
    counters.bookUpdates++;
    if (book.crossed()) {
      counters.crossedBooks++;
      broken(state, ref, "book crossed at u=" + m.updateId, sink);
    }
    if (settings.quoteSource().fromBook() && book.topChanged()) {
      long time = m.cts != BybitMessage.NONE ? m.cts : m.ts;
      emitter.quote(
          ref,
          time * 1_000,
          receiveTimeNs,
          TimeSource.EXCHANGE,
          book.bids().price(0),
          book.bids().size(0),
          book.asks().price(0),
          book.asks().size(0),
          sink);
    }
  }

  private void broken(BybitBook state, InstrumentRef ref, String reason, EventSink sink) {
    state.book.invalidate();
    counters.resyncs++;
    // Bybit sends a fresh snapshot when the topic is subscribed again.
    sink.onResyncNeeded(ref.venueSymbol(), reason);
    throw new FrameException(FrameException.BOOK, reason + "; resubscribing");
  }

  /** Book state of one symbol. */
  private static final class BybitBook {
    final OrderBook book = new OrderBook();
    long updateId = -1;
  }
}
