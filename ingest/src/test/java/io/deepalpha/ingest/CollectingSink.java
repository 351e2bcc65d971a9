package io.deepalpha.ingest;

import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;
import java.util.ArrayList;
import java.util.List;

/** Keeps copies of everything an adapter emits. */
public class CollectingSink implements EventSink {
  public final List<Quote> quotes = new ArrayList<>();
  public final List<Trade> trades = new ArrayList<>();
  public final List<DeadLetter> deadLetters = new ArrayList<>();
  public final List<String> resyncs = new ArrayList<>();

  @Override
  public void onQuote(Quote quote) {
    quotes.add(Quote.newBuilder(quote).build());
  }

  @Override
  public void onTrade(Trade trade) {
    trades.add(Trade.newBuilder(trade).build());
  }

  @Override
  public void onDeadLetter(DeadLetter deadLetter) {
    deadLetters.add(DeadLetter.newBuilder(deadLetter).build());
  }

  @Override
  public void onResyncNeeded(String venueSymbol, String reason) {
    resyncs.add(venueSymbol + ": " + reason);
  }

  public List<String> deadLetterReasons() {
    return deadLetters.stream().map(d -> d.getStage() + ": " + d.getReason()).toList();
  }
}
