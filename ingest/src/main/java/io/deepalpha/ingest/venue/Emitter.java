package io.deepalpha.ingest.venue;

import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.Venue;
import java.nio.ByteBuffer;

/**
 * Fills the reused Quote/Trade/DeadLetter flyweights of one connection and numbers its events:
 * {@code sequence} is 1-based and gap-free over the quotes and trades of one connection.
 */
public final class Emitter {
  private final Venue venue;
  private final VenueCounters counters;
  private final Quote quote = new Quote();
  private final Trade trade = new Trade();
  private final DeadLetter deadLetter = new DeadLetter();
  private long connectionId;
  private long sequence;

  public Emitter(Venue venue, VenueCounters counters) {
    this.venue = venue;
    this.counters = counters;
    quote.setVenue(venue);
    trade.setVenue(venue);
    deadLetter.setSource(venue.name());
  }

  public void connect(long id) {
    connectionId = id;
    sequence = 0;
  }

  public long connectionId() {
    return connectionId;
  }

  public void quote(
      InstrumentRef ref,
      long exchangeTimeUs,
      long receiveTimeNs,
      TimeSource timeSource,
      long bidPrice,
      long bidSize,
      long askPrice,
      long askSize,
      EventSink sink) {
    quote.setVenueSymbol(ref.venueSymbol());
    quote.setInstrument(ref.instrument());
    quote.setExchangeTimeUs(exchangeTimeUs);
    quote.setReceiveTimeNs(receiveTimeNs);
    quote.setConnectionId(connectionId);
    quote.setSequence(++sequence);
    quote.setPriceScale(ref.priceScale());
    quote.setSizeScale(ref.sizeScale());
    quote.setBidPrice(bidPrice);
    quote.setBidSize(bidSize);
    quote.setAskPrice(askPrice);
    quote.setAskSize(askSize);
    quote.setTimeSource(timeSource);
    counters.quotes++;
    sink.onQuote(quote);
  }

  public void trade(
      InstrumentRef ref,
      long exchangeTimeUs,
      long receiveTimeNs,
      String tradeId,
      long price,
      long size,
      Side takerSide,
      EventSink sink) {
    trade.setVenueSymbol(ref.venueSymbol());
    trade.setInstrument(ref.instrument());
    trade.setExchangeTimeUs(exchangeTimeUs);
    trade.setReceiveTimeNs(receiveTimeNs);
    trade.setConnectionId(connectionId);
    trade.setSequence(++sequence);
    trade.setTradeId(tradeId);
    trade.setPriceScale(ref.priceScale());
    trade.setSizeScale(ref.sizeScale());
    trade.setPrice(price);
    trade.setSize(size);
    trade.setTakerSide(takerSide);
    counters.trades++;
    sink.onTrade(trade);
  }

  /** {@code raw} is copied: the caller may reuse its buffer. */
  public void deadLetter(
      String stage, String reason, byte[] raw, long receiveTimeNs, EventSink sink) {
    deadLetter.setReceiveTimeNs(receiveTimeNs);
    deadLetter.setConnectionId(connectionId);
    deadLetter.setStage(stage);
    deadLetter.setReason(reason == null ? "unknown" : reason);
    deadLetter.setRaw(ByteBuffer.wrap(raw.clone()));
    counters.deadLetters++;
    sink.onDeadLetter(deadLetter);
  }
}
