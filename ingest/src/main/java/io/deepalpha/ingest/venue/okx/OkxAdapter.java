package io.deepalpha.ingest.venue.okx;

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
 * OKX v5 public channels: books/books-l2-tbt/books50-l2-tbt (snapshot + updates, seqId/prevSeqId
 * continuity and the CRC32 checksum when it is non-zero, FACTS.md §4), books5 and bbo-tbt (each
 * message a whole book), tickers, trades. Event acks, errors and "pong" are control frames.
 */
public final class OkxAdapter extends JsonVenueAdapter {
  private static final byte[] PONG = {'p', 'o', 'n', 'g'};

  private final OkxItem item = new OkxItem();
  private final Checksums checksums = new Checksums();
  private final Map<String, OkxBook> books = new HashMap<>();

  public OkxAdapter(AdapterSettings settings) {
    super(Venue.OKX, settings);
  }

  /** The book of {@code instId}, or null (for conformance checks). */
  @Override
  public OrderBook book(String instId) {
    OkxBook state = books.get(instId);
    return state == null ? null : state.book;
  }

  @Override
  protected void resetBooks() {
    books.values().forEach(b -> b.book.invalidate());
  }

  @Override
  protected void handle(JsonParser parser, byte[] frame, long receiveTimeNs, EventSink sink)
      throws IOException {
    if (java.util.Arrays.equals(frame, PONG)) {
      counters.control++;
      return;
    }
    Json.next(parser);
    Json.expect(parser, JsonToken.START_OBJECT, "frame");
    String channel = null;
    String instId = null;
    String action = null;
    boolean control = false;
    int items = 0;
    while (Json.next(parser) != JsonToken.END_OBJECT) {
      String name = parser.currentName();
      JsonToken value = Json.next(parser);
      switch (name) {
        case "arg" -> {
          Json.expect(parser, JsonToken.START_OBJECT, "arg");
          while (Json.next(parser) != JsonToken.END_OBJECT) {
            String argName = parser.currentName();
            Json.next(parser);
            if ("channel".equals(argName)) {
              channel = parser.getValueAsString();
            } else if ("instId".equals(argName)) {
              instId = parser.getValueAsString();
            } else {
              parser.skipChildren();
            }
          }
        }
        case "action" -> action = parser.getValueAsString();
        case "event", "op", "code", "msg", "connId" -> {
          control = true;
          parser.skipChildren();
        }
        case "data" -> {
          Json.expect(parser, JsonToken.START_ARRAY, "data");
          if (channel == null) {
            throw new FrameException(FrameException.DECODE, "data before arg.channel");
          }
          while (Json.next(parser) != JsonToken.END_ARRAY) {
            item.read(parser);
            onItem(channel, instId, action, frame, receiveTimeNs, sink);
            items++;
          }
        }
        default -> {
          if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
            parser.skipChildren();
          }
        }
      }
    }
    if (items == 0) {
      if (!control && channel == null) {
        throw new FrameException(FrameException.DECODE, "neither data nor event");
      }
      counters.control++;
    }
  }

  private void onItem(
      String channel,
      String instId,
      String action,
      byte[] frame,
      long receiveTimeNs,
      EventSink sink) {
    switch (channel) {
      case "books", "books-l2-tbt", "books50-l2-tbt" ->
          onBook(instId, "snapshot".equals(action), frame, receiveTimeNs, sink);
      case "books5", "bbo-tbt" -> onBook(instId, true, frame, receiveTimeNs, sink);
      case "tickers" -> onTicker(instId, receiveTimeNs, sink);
      case "trades", "trades-all" -> onTrade(instId, receiveTimeNs, sink);
      default -> counters.control++;
    }
  }

  private void onTicker(String instId, long receiveTimeNs, EventSink sink) {
    OkxItem d = item;
    String symbol = d.instId != null ? d.instId : instId;
    d.require(
        symbol != null
            && d.bidPx != OkxItem.NONE
            && d.askPx != OkxItem.NONE
            && d.bidSz != OkxItem.NONE
            && d.askSz != OkxItem.NONE
            && d.ts != OkxItem.NONE,
        "tickers instId/bidPx/bidSz/askPx/askSz/ts");
    if (!settings.quoteSource().fromTicker()) {
      counters.control++;
      return;
    }
    InstrumentRef ref = instrument(symbol);
    if (ref == null) {
      return;
    }
    long bid = d.scalars.decimal(d.bidPx, ref.priceScale());
    long bidSize = d.scalars.decimal(d.bidSz, ref.sizeScale());
    long ask = d.scalars.decimal(d.askPx, ref.priceScale());
    long askSize = d.scalars.decimal(d.askSz, ref.sizeScale());
    requireValidQuote(bid, bidSize, ask, askSize);
    emitter.quote(
        ref, d.ts * 1_000, receiveTimeNs, TimeSource.EXCHANGE, bid, bidSize, ask, askSize, sink);
  }

  private void onTrade(String instId, long receiveTimeNs, EventSink sink) {
    OkxItem d = item;
    String symbol = d.instId != null ? d.instId : instId;
    d.require(
        symbol != null
            && d.px != OkxItem.NONE
            && d.sz != OkxItem.NONE
            && d.ts != OkxItem.NONE
            && d.tradeId != null
            && d.side != null,
        "trades instId/px/sz/ts/tradeId/side");
    InstrumentRef ref = instrument(symbol);
    if (ref == null) {
      return;
    }
    long price = d.scalars.decimal(d.px, ref.priceScale());
    long size = d.scalars.decimal(d.sz, ref.sizeScale());
    if (price <= 0 || size <= 0) {
      throw new FrameException(FrameException.VALIDATE, "trade price and size must be positive");
    }
    Side side =
        switch (d.side) {
          case "buy" -> Side.BUY;
          case "sell" -> Side.SELL;
          default -> throw new FrameException(FrameException.VALIDATE, "trade side " + d.side);
        };
    emitter.trade(ref, d.ts * 1_000, receiveTimeNs, d.tradeId, price, size, side, sink);
  }

  private void onBook(
      String instId, boolean snapshot, byte[] frame, long receiveTimeNs, EventSink sink) {
    OkxItem d = item;
    d.require(instId != null && d.ts != OkxItem.NONE, "books arg.instId/ts");
    InstrumentRef ref = instrument(instId);
    if (ref == null) {
      return;
    }
    OkxBook state = books.computeIfAbsent(instId, s -> new OkxBook(ref));
    OrderBook book = state.book;
    if (snapshot) {
      book.startSnapshot();
    } else if (!book.valid()) {
      counters.skippedWhileSyncing++; // waiting for the snapshot of the resubscription
      return;
    } else if (d.hasSeq && state.seqId != OkxItem.NONE && d.prevSeqId != state.seqId) {
      counters.gaps++;
      broken(
          state,
          "seqId gap: book at " + state.seqId + ", update prevSeqId=" + d.prevSeqId,
          frame,
          receiveTimeNs,
          sink);
      return;
    }
    Levels levels = d.levels;
    applyLevels(levels, ref, book, sink);
    state.seqId = d.hasSeq ? d.seqId : OkxItem.NONE;
    counters.bookUpdates++;
    if (d.checksum != 0) {
      int computed = checksums.okx(book, ref.priceScale(), ref.sizeScale());
      if (computed != d.checksum) {
        counters.checksumMismatches++;
        broken(
            state,
            "checksum mismatch: venue " + d.checksum + ", book " + computed,
            frame,
            receiveTimeNs,
            sink);
        return;
      }
      counters.checksumsVerified++;
    }
    if (book.crossed()) {
      counters.crossedBooks++;
      broken(state, "book crossed", frame, receiveTimeNs, sink);
      return;
    }
    if (settings.quoteSource().fromBook() && book.topChanged()) {
      emitter.quote(
          ref,
          d.ts * 1_000,
          receiveTimeNs,
          TimeSource.EXCHANGE,
          book.bids().price(0),
          book.bids().size(0),
          book.asks().price(0),
          book.asks().size(0),
          sink);
    }
  }

  private void broken(
      OkxBook state, String reason, byte[] frame, long receiveTimeNs, EventSink sink) {
    state.book.invalidate();
    state.seqId = OkxItem.NONE;
    counters.resyncs++;
    sink.onResyncNeeded(state.ref.venueSymbol(), reason);
    throw new FrameException(FrameException.BOOK, reason + "; resubscribing");
  }

  /** Book state of one instId. */
  private static final class OkxBook {
    final OrderBook book = new OrderBook();
    final InstrumentRef ref;
    long seqId = OkxItem.NONE;

    OkxBook(InstrumentRef ref) {
      this.ref = ref;
    }
  }
}
