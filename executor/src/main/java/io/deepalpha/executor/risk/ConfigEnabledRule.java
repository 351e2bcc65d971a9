package io.deepalpha.executor.risk;

import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;

/** config.strategies / config.instruments rows with enabled=false stop trading at once. */
public final class ConfigEnabledRule implements PreTradeRule {
  private final Books books;
  private final LiveConfig config;

  public ConfigEnabledRule(Books books, LiveConfig config) {
    this.books = books;
    this.config = config;
  }

  @Override
  public boolean check(Signal s, long nowUs, Verdict verdict) {
    InstrumentBook book = books.get(s.getInstrument());
    if (!config.enabled(book.strategyKey())) {
      return verdict.refuse(RejectReason.INSTRUMENT_DISABLED, 0, 0, Venue.UNKNOWN);
    }
    if (!config.enabled(book.enabledKey(s.getBuyVenue()))) {
      return verdict.refuse(RejectReason.INSTRUMENT_DISABLED, 0, 0, s.getBuyVenue());
    }
    if (!config.enabled(book.enabledKey(s.getSellVenue()))) {
      return verdict.refuse(RejectReason.INSTRUMENT_DISABLED, 0, 0, s.getSellVenue());
    }
    return true;
  }
}
