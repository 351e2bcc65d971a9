package io.deepalpha.ingest.venue.coinbase;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.ingest.json.FrameException;
import io.deepalpha.ingest.json.IsoTime;
import io.deepalpha.ingest.json.Json;
import io.deepalpha.ingest.json.Levels;
import io.deepalpha.ingest.json.TextSlab;
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
 * Coinbase, both public feeds:
 *
 * <ul>
 *   <li>Advanced Trade ({@code "channel"} frames): level2 ({@code l2_data} snapshot/update,
 *       absolute quantities), ticker, market_trades; {@code sequence_num} is per connection and
 *       must be continuous — a gap invalidates every book of the connection until the level2
 *       snapshot of a resubscription;
 *   <li>Exchange feed ({@code "type"} frames, as recorded in 2021): level2 snapshot/l2update,
 *       ticker, match/last_match; its level2 carries no sequence, so a book can only be found
 *       broken by crossing; the per-product {@code sequence} of ticker/match must not go back.
 * </ul>
 */
public final class CoinbaseAdapter extends JsonVenueAdapter {
  private final CoinbaseEvent event = new CoinbaseEvent();
  private final Map<String, OrderBook> books = new HashMap<>();
  private final Map<String, long[]> productSequences = new HashMap<>();
  private long lastSequenceNum = -1;

  public CoinbaseAdapter(AdapterSettings settings) {
    super(Venue.COINBASE, settings);
  }

  /** The book of {@code productId}, or null (for conformance checks). */
  @Override
  public OrderBook book(String productId) {
    return books.get(productId);
  }

  @Override
  protected void resetBooks() {
    books.values().forEach(OrderBook::invalidate);
    productSequences.clear();
    lastSequenceNum = -1;
  }

  @Override
  protected void handle(JsonParser parser, byte[] frame, long receiveTimeNs, EventSink sink)
      throws IOException {
    Json.next(parser);
    Json.expect(parser, JsonToken.START_OBJECT, "frame");
    CoinbaseEvent e = event;
    e.clear();
    String channel = null;
    long timestampUs = -1;
    int events = 0;
    while (Json.next(parser) != JsonToken.END_OBJECT) {
      String name = parser.currentName();
      JsonToken value = Json.next(parser);
      switch (name) {
        case "channel" -> channel = parser.getValueAsString();
        case "timestamp" -> timestampUs = time(parser, value);
        case "sequence_num" -> checkSequenceNum(Json.longValue(parser, name), sink);
        case "events" -> {
          if (channel == null) {
            throw new FrameException(FrameException.DECODE, "events before channel");
          }
          Json.expect(parser, JsonToken.START_ARRAY, "events");
          while (Json.next(parser) != JsonToken.END_ARRAY) {
            e.clear();
            e.readAdvanced(parser);
            onAdvanced(channel, timestampUs, frame, receiveTimeNs, sink);
            events++;
          }
        }
        default -> e.exchangeField(parser, name, value);
      }
    }
    if (channel != null) {
      if (events == 0) {
        counters.control++;
      }
      return;
    }
    if (e.type == null) {
      throw new FrameException(FrameException.DECODE, "neither channel nor type");
    }
    onExchange(frame, receiveTimeNs, sink);
  }

  private static long time(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw new FrameException(FrameException.DECODE, "timestamp is not a string");
    }
    return IsoTime.micros(
        parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
  }

  private void checkSequenceNum(long sequenceNum, EventSink sink) {
    long expected = lastSequenceNum + 1;
    boolean first = lastSequenceNum < 0;
    lastSequenceNum = sequenceNum;
    if (!first && sequenceNum != expected) {
      counters.gaps++;
      counters.resyncs++;
      books.values().forEach(OrderBook::invalidate);
      sink.onResyncNeeded("*", "sequence_num gap: expected " + expected + ", got " + sequenceNum);
    }
  }

  // ---- Advanced Trade -------------------------------------------------------------------

  private void onAdvanced(
      String channel, long timestampUs, byte[] frame, long receiveTimeNs, EventSink sink) {
    switch (channel) {
      case "l2_data" ->
          onBook(
              event.productId,
              "snapshot".equals(event.type),
              event.maxEventTimeUs > 0 ? event.maxEventTimeUs : timestampUs,
              frame,
              receiveTimeNs,
              sink);
      case "ticker" -> onAdvancedTickers(timestampUs, receiveTimeNs, sink);
      case "market_trades" -> onAdvancedTrades(receiveTimeNs, sink);
      default -> counters.control++;
    }
  }

  private void onAdvancedTickers(long timestampUs, long receiveTimeNs, EventSink sink) {
    CoinbaseEvent e = event;
    e.require(e.items > 0, "tickers");
    if (!settings.quoteSource().fromTicker()) {
      counters.control++;
      return;
    }
    for (int i = 0; i < e.items; i++) {
      e.require(
          e.itemProduct[i] != null
              && e.itemBid[i] >= 0
              && e.itemAsk[i] >= 0
              && e.itemBidSize[i] >= 0
              && e.itemAskSize[i] >= 0,
          "ticker product_id/best_bid/best_ask/best_bid_quantity/best_ask_quantity");
      e.require(timestampUs >= 0, "timestamp");
      InstrumentRef ref = instrument(e.itemProduct[i]);
      if (ref == null) {
        continue;
      }
      quoteFromText(
          ref,
          e.itemBid[i],
          e.itemBidSize[i],
          e.itemAsk[i],
          e.itemAskSize[i],
          timestampUs,
          receiveTimeNs,
          sink);
    }
  }

  private void onAdvancedTrades(long receiveTimeNs, EventSink sink) {
    CoinbaseEvent e = event;
    if ("snapshot".equals(e.type)) {
      // The last trades before we subscribed: already published by an earlier connection, or
      // history we were not there for. Only live updates become events.
      counters.control++;
      return;
    }
    e.require(e.items > 0, "trades");
    for (int i = 0; i < e.items; i++) {
      e.require(
          e.itemProduct[i] != null
              && e.itemPrice[i] >= 0
              && e.itemSize[i] >= 0
              && e.itemTimeUs[i] >= 0
              && e.itemId[i] != null
              && e.itemSide[i] != null,
          "market_trades product_id/price/size/time/trade_id/side");
      InstrumentRef ref = instrument(e.itemProduct[i]);
      if (ref == null) {
        continue;
      }
      // Advanced Trade names the taker's side in BUY/SELL.
      Side taker =
          switch (e.itemSide[i]) {
            case "BUY" -> Side.BUY;
            case "SELL" -> Side.SELL;
            default -> Side.UNKNOWN;
          };
      emitTrade(
          ref,
          e.itemPrice[i],
          e.itemSize[i],
          e.itemTimeUs[i],
          e.itemId[i],
          taker,
          receiveTimeNs,
          sink);
    }
  }

  // ---- Exchange feed --------------------------------------------------------------------

  private void onExchange(byte[] frame, long receiveTimeNs, EventSink sink) {
    CoinbaseEvent e = event;
    switch (e.type) {
      case "snapshot" -> onBook(e.productId, true, -1, frame, receiveTimeNs, sink);
      case "l2update" -> onBook(e.productId, false, e.timeUs, frame, receiveTimeNs, sink);
      case "ticker" -> onExchangeTicker(receiveTimeNs, sink);
      case "match", "last_match" -> onExchangeMatch(receiveTimeNs, sink);
      case "subscriptions", "heartbeat", "status", "error" -> counters.control++;
      default -> counters.control++;
    }
  }

  private void onExchangeTicker(long receiveTimeNs, EventSink sink) {
    CoinbaseEvent e = event;
    e.require(e.productId != null && e.bestBid >= 0 && e.bestAsk >= 0, "ticker best_bid/ask");
    checkProductSequence(e.productId, e.sequence);
    // The 2021 feed's ticker has no sizes: it cannot make a Quote, the book does.
    if (!settings.quoteSource().fromTicker() || e.bestBidSize < 0 || e.bestAskSize < 0) {
      counters.control++;
      return;
    }
    InstrumentRef ref = instrument(e.productId);
    if (ref == null) {
      return;
    }
    quoteFromText(
        ref, e.bestBid, e.bestBidSize, e.bestAsk, e.bestAskSize, e.timeUs, receiveTimeNs, sink);
  }

  private void onExchangeMatch(long receiveTimeNs, EventSink sink) {
    CoinbaseEvent e = event;
    e.require(
        e.productId != null
            && e.price >= 0
            && e.size >= 0
            && e.timeUs >= 0
            && e.tradeId != null
            && e.side != null,
        "match product_id/price/size/time/trade_id/side");
    checkProductSequence(e.productId, e.sequence);
    if ("last_match".equals(e.type)) {
      counters.control++; // the trade before we subscribed, not a live one
      return;
    }
    InstrumentRef ref = instrument(e.productId);
    if (ref == null) {
      return;
    }
    // The Exchange feed names the maker order's side: the taker is on the other one.
    Side taker =
        switch (e.side) {
          case "buy" -> Side.SELL;
          case "sell" -> Side.BUY;
          default -> Side.UNKNOWN;
        };
    emitTrade(ref, e.price, e.size, e.timeUs, e.tradeId, taker, receiveTimeNs, sink);
  }

  private void checkProductSequence(String productId, long sequence) {
    if (sequence < 0) {
      return;
    }
    long[] last = productSequences.computeIfAbsent(productId, p -> new long[] {-1});
    if (sequence < last[0]) {
      throw new FrameException(
          FrameException.VALIDATE, "sequence went back: " + sequence + " after " + last[0]);
    }
    last[0] = sequence;
  }

  // ---- shared ---------------------------------------------------------------------------

  private void onBook(
      String productId,
      boolean snapshot,
      long timeUs,
      byte[] frame,
      long receiveTimeNs,
      EventSink sink) {
    event.require(productId != null, "product_id");
    InstrumentRef ref = instrument(productId);
    if (ref == null) {
      return;
    }
    OrderBook book = books.computeIfAbsent(productId, p -> new OrderBook());
    if (snapshot) {
      book.startSnapshot();
    } else if (!book.valid()) {
      counters.skippedWhileSyncing++;
      return;
    }
    Levels levels = event.levels;
    applyLevels(levels, ref, book, sink);
    counters.bookUpdates++;
    if (book.crossed()) {
      counters.crossedBooks++;
      counters.resyncs++;
      book.invalidate();
      sink.onResyncNeeded(productId, "crossed book");
      throw new FrameException(FrameException.BOOK, "book crossed; resubscribing");
    }
    if (settings.quoteSource().fromBook() && book.topChanged()) {
      boolean venueTime = timeUs >= 0;
      emitter.quote(
          ref,
          venueTime ? timeUs : receiveTimeNs / 1_000,
          receiveTimeNs,
          venueTime ? TimeSource.EXCHANGE : TimeSource.RECEIVE,
          book.bids().price(0),
          book.bids().size(0),
          book.asks().price(0),
          book.asks().size(0),
          sink);
    }
  }

  private void quoteFromText(
      InstrumentRef ref,
      int bidText,
      int bidSizeText,
      int askText,
      int askSizeText,
      long timeUs,
      long receiveTimeNs,
      EventSink sink) {
    TextSlab t = event.scalars;
    long bid = t.decimal(bidText, ref.priceScale());
    long bidSize = t.decimal(bidSizeText, ref.sizeScale());
    long ask = t.decimal(askText, ref.priceScale());
    long askSize = t.decimal(askSizeText, ref.sizeScale());
    requireValidQuote(bid, bidSize, ask, askSize);
    emitter.quote(
        ref, timeUs, receiveTimeNs, TimeSource.EXCHANGE, bid, bidSize, ask, askSize, sink);
  }

  private void emitTrade(
      InstrumentRef ref,
      int priceText,
      int sizeText,
      long timeUs,
      String tradeId,
      Side taker,
      long receiveTimeNs,
      EventSink sink) {
    long price = event.scalars.decimal(priceText, ref.priceScale());
    long size = event.scalars.decimal(sizeText, ref.sizeScale());
    if (price <= 0 || size <= 0) {
      throw new FrameException(FrameException.VALIDATE, "trade price and size must be positive");
    }
    emitter.trade(ref, timeUs, receiveTimeNs, tradeId, price, size, taker, sink);
  }
}
