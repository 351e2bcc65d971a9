package io.deepalpha.ingest.venue.kraken.v2;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.ingest.json.FrameException;
import io.deepalpha.ingest.json.Json;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.ingest.venue.InstrumentRef;
import io.deepalpha.ingest.venue.JsonVenueAdapter;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Venue;
import java.io.IOException;

/**
 * Kraken WebSocket v2 ({@code wss://ws.kraken.com/v2}): {@code book} snapshot/update at depth
 * {@link #DEPTH} with the CRC32 of the top 10 levels on every message (FACTS.md §3; the book is cut
 * to the subscribed depth after each update because Kraken sends no delete for levels that fall out
 * of it), {@code trade} updates (the snapshot of trades from before the subscription is not
 * republished), {@code ticker} (quotes only with {@code --quotes-from TICKER|BOTH}; the default BBO
 * is the top of the checked book). Acks, {@code heartbeat}, {@code status} and pongs are control
 * frames; a refused subscription is a dead letter of stage {@code subscribe} and counted.
 *
 * <p>v2 sends prices and quantities as JSON numbers in their shortest form, while the checksum is
 * computed on them at the pair's fixed precision (e.g. BTC/USD: 1 price and 8 qty decimals), which
 * no book message states. The precision is learned from each snapshot: the smallest precisions, at
 * least as many decimals as the snapshot shows, whose checksum equals the venue's (a CRC32 match by
 * chance is ~1 in 4 billion per candidate). Updates are then checked at that precision.
 */
public final class KrakenV2Adapter extends JsonVenueAdapter {
  /** Book depth the connector subscribes ({@code "depth":10}), so the depth books are cut to. */
  public static final int DEPTH = 10;

  private final KrakenV2Message message = new KrakenV2Message();
  private final KrakenV2Books books = new KrakenV2Books();

  public KrakenV2Adapter(AdapterSettings settings) {
    super(Venue.KRAKEN, settings);
  }

  @Override
  public int apiVersion() {
    return 2;
  }

  @Override
  public OrderBook book(String symbol) {
    return books.book(symbol);
  }

  @Override
  protected void resetBooks() {
    books.invalidateAll();
  }

  @Override
  protected void handle(JsonParser parser, byte[] frame, long receiveTimeNs, EventSink sink)
      throws IOException {
    if (Json.next(parser) != JsonToken.START_OBJECT) {
      throw new FrameException(FrameException.DECODE, "frame is not a JSON object");
    }
    KrakenV2Message m = message;
    m.read(parser);
    if (parser.nextToken() != null) {
      throw new FrameException(FrameException.DECODE, "data after the JSON object");
    }
    if (m.method != null) {
      onMethod();
      return;
    }
    if (m.channel == null) {
      throw new FrameException(FrameException.DECODE, "object without channel or method");
    }
    switch (m.channel) {
      case "book" -> onBook(receiveTimeNs, sink);
      case "trade" -> onTrades(receiveTimeNs, sink);
      case "ticker" -> onTicker(receiveTimeNs, sink);
      default -> counters.control++; // heartbeat, status, instrument...
    }
  }

  /** Acks of subscribe/unsubscribe, pongs; a refused subscription must not go unnoticed. */
  private void onMethod() {
    KrakenV2Message m = message;
    boolean ack = "subscribe".equals(m.method) || "unsubscribe".equals(m.method);
    if (ack && !m.success) {
      counters.subscriptionErrors++;
      throw new FrameException(
          FrameException.SUBSCRIBE,
          m.method + " refused: " + (m.error != null ? m.error : "no error text"));
    }
    counters.control++;
  }

  private void onBook(long receiveTimeNs, EventSink sink) {
    KrakenV2Message m = message;
    boolean snapshot = "snapshot".equals(m.type);
    if (!snapshot && !"update".equals(m.type)) {
      throw new FrameException(FrameException.DECODE, "book type " + m.type);
    }
    boolean handled = false;
    for (int i = 0; i < m.count; i++) {
      KrakenV2Message.Entry e = m.entries[i];
      if (e.symbol == null || e.checksum < 0) {
        throw new FrameException(FrameException.DECODE, "book entry without symbol or checksum");
      }
      InstrumentRef ref = instrument(e.symbol);
      if (ref == null) {
        handled = true;
        continue;
      }
      handled |= books.apply(this, snapshot, e, ref, receiveTimeNs, sink);
    }
    if (!handled) {
      counters.control++; // "data":[]: nothing to apply
    }
  }

  /** Called by {@link KrakenV2Books}: shared counters, level application and the emitter. */
  void applyTo(OrderBook book, KrakenV2Message.Entry e, InstrumentRef ref, EventSink sink) {
    applyLevels(e.levels, ref, book, sink);
    counters.bookUpdates++;
  }

  void skipWhileSyncing() {
    counters.skippedWhileSyncing++;
  }

  void verified() {
    counters.checksumsVerified++;
  }

  void broken(OrderBook book, InstrumentRef ref, boolean checksum, String reason, EventSink sink) {
    if (checksum) {
      counters.checksumMismatches++;
    } else {
      counters.crossedBooks++;
    }
    book.invalidate();
    counters.resyncs++;
    sink.onResyncNeeded(ref.venueSymbol(), reason);
    throw new FrameException(FrameException.BOOK, reason + "; resubscribing");
  }

  void topChanged(
      OrderBook book, InstrumentRef ref, long timeUs, long receiveTimeNs, EventSink sink) {
    if (!settings.quoteSource().fromBook()) {
      return;
    }
    emitter.quote(
        ref,
        timeUs > 0 ? timeUs : receiveTimeNs / 1_000,
        receiveTimeNs,
        timeUs > 0 ? TimeSource.EXCHANGE : TimeSource.RECEIVE,
        book.bids().price(0),
        book.bids().size(0),
        book.asks().price(0),
        book.asks().size(0),
        sink);
  }

  private void onTrades(long receiveTimeNs, EventSink sink) {
    KrakenV2Message m = message;
    if ("snapshot".equals(m.type) || m.count == 0) {
      counters.control++; // trades from before the subscription are not republished
      return;
    }
    for (int i = 0; i < m.count; i++) {
      KrakenV2Message.Entry e = m.entries[i];
      if (e.symbol == null || e.price < 0 || e.qty < 0 || e.timeUs < 0 || e.tradeId < 0) {
        throw new FrameException(
            FrameException.DECODE, "trade without symbol, price, qty, timestamp or trade_id");
      }
      InstrumentRef ref = instrument(e.symbol);
      if (ref == null) {
        continue;
      }
      long price = e.scalars.decimal(e.price, ref.priceScale());
      long size = e.scalars.decimal(e.qty, ref.sizeScale());
      if (price <= 0 || size <= 0) {
        throw new FrameException(FrameException.VALIDATE, "trade price and qty must be positive");
      }
      Side side =
          switch (e.side == null ? "" : e.side) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw new FrameException(FrameException.VALIDATE, "side " + e.side);
          };
      emitter.trade(
          ref, e.timeUs, receiveTimeNs, e.scalars.text(e.tradeId), price, size, side, sink);
    }
  }

  private void onTicker(long receiveTimeNs, EventSink sink) {
    KrakenV2Message m = message;
    if (!settings.quoteSource().fromTicker() || m.count == 0) {
      counters.control++;
      return;
    }
    for (int i = 0; i < m.count; i++) {
      KrakenV2Message.Entry e = m.entries[i];
      if (e.symbol == null || e.bid < 0 || e.bidQty < 0 || e.ask < 0 || e.askQty < 0) {
        throw new FrameException(FrameException.DECODE, "ticker without symbol or bid/ask");
      }
      InstrumentRef ref = instrument(e.symbol);
      if (ref == null) {
        continue;
      }
      long bid = e.scalars.decimal(e.bid, ref.priceScale());
      long bidSize = e.scalars.decimal(e.bidQty, ref.sizeScale());
      long ask = e.scalars.decimal(e.ask, ref.priceScale());
      long askSize = e.scalars.decimal(e.askQty, ref.sizeScale());
      requireValidQuote(bid, bidSize, ask, askSize);
      boolean venueTime = e.timeUs > 0;
      emitter.quote(
          ref,
          venueTime ? e.timeUs : receiveTimeNs / 1_000,
          receiveTimeNs,
          venueTime ? TimeSource.EXCHANGE : TimeSource.RECEIVE,
          bid,
          bidSize,
          ask,
          askSize,
          sink);
    }
  }
}
