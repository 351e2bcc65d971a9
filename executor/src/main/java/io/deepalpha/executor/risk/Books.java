package io.deepalpha.executor.risk;

import io.deepalpha.model.instrument.Instrument;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link InstrumentBook} per configured instrument, created at start so that the hot path only
 * looks up (a String's hash is cached: no allocation).
 */
public final class Books {
  private final Map<String, InstrumentBook> byInstrument = new HashMap<>();
  // An array as well: iterating a HashMap allocates an iterator on the hot path.
  private final InstrumentBook[] books;

  public Books(InstrumentRegistry registry, Iterable<String> instruments) {
    for (String name : instruments) {
      Instrument i = registry.require(name);
      byInstrument.put(name, new InstrumentBook(name, i.priceScale(), i.sizeScale()));
    }
    books = byInstrument.values().toArray(new InstrumentBook[0]);
  }

  /** The book, or null for an instrument this executor does not trade. */
  public InstrumentBook get(String instrument) {
    return byInstrument.get(instrument);
  }

  /** Every book; the array is shared, do not modify it. */
  public InstrumentBook[] all() {
    return books;
  }

  /** Realized PnL over every instrument (quote currencies added as if equal; USD ~ USDT). */
  public double realizedPnl() {
    double total = 0;
    for (InstrumentBook b : books) {
      total += b.realizedPnl();
    }
    return total;
  }
}
