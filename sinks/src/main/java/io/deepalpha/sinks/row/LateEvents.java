package io.deepalpha.sinks.row;

import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.json.JsonLines;
import io.deepalpha.model.topic.Topics;

/**
 * {@link LateEvent}s from the events the jobs see late, so every side output builds them the same
 * way: source = the event's topic, key = its instrument, times from the event (never the wall
 * clock, so a replay produces the same row), payload = its JSON line.
 */
public final class LateEvents {
  private LateEvents() {}

  public static LateEvent of(Quote q, long watermarkUs) {
    return new LateEvent(
        Topics.MD_QUOTES.name(),
        q.getInstrument(),
        q.getExchangeTimeUs(),
        watermarkUs,
        q.getReceiveTimeNs(),
        JsonLines.toLine(q));
  }

  public static LateEvent of(Trade t, long watermarkUs) {
    return new LateEvent(
        Topics.MD_TRADES.name(),
        t.getInstrument(),
        t.getExchangeTimeUs(),
        watermarkUs,
        t.getReceiveTimeNs(),
        JsonLines.toLine(t));
  }

  public static LateEvent of(Fill f, long watermarkUs) {
    return new LateEvent(
        Topics.EXEC_FILLS.name(),
        f.getInstrument(),
        f.getExchangeTimeUs(),
        watermarkUs,
        f.getReceiveTimeNs(),
        JsonLines.toLine(f));
  }
}
