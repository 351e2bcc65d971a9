package io.deepalpha.ingest.simulator;

import io.deepalpha.ingest.book.OrderBook;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The books one simulated connection shows, per venue symbol, and their latest changes. */
final class SimVenueBooks {
  final Map<String, SimBook> books = new LinkedHashMap<>();
  final Map<String, Integer> latentIndex = new LinkedHashMap<>();
  final Map<String, List<SimBook.Change>> changes = new LinkedHashMap<>();
  private final LatentMarket market;
  private final SimulatorSettings settings;
  private int tradeCounter;

  SimVenueBooks(
      LatentMarket market,
      Map<String, String> symbolToInstrument,
      SimulatorSettings settings,
      long seed) {
    this.market = market;
    this.settings = settings;
    int i = 0;
    for (var e : symbolToInstrument.entrySet()) {
      books.put(e.getKey(), new SimBook(seed + i++, settings.noiseBps(), settings.halfSpreadBps()));
      latentIndex.put(e.getKey(), market.instruments().indexOf(e.getValue()));
    }
    step();
  }

  void step() {
    for (var e : books.entrySet()) {
      changes.put(e.getKey(), e.getValue().step(market.price(latentIndex.get(e.getKey()))));
    }
  }

  /** Every few steps a trade at the best bid or ask. */
  boolean tradeNow() {
    return ++tradeCounter % settings.stepsPerTrade() == 0;
  }

  int tradeId() {
    return tradeCounter;
  }

  /** The book as the adapters keep it (price scale 2, size scale 4), for checksums. */
  static OrderBook asOrderBook(SimBook book) {
    OrderBook b = new OrderBook();
    b.startSnapshot();
    book.bids.forEach((p, s) -> b.set(true, p, s));
    book.asks.forEach((p, s) -> b.set(false, p, s));
    return b;
  }

  static List<SimBook.Change> full(SimBook book) {
    List<SimBook.Change> all = new ArrayList<>();
    book.bids.forEach((p, s) -> all.add(new SimBook.Change(true, p, s)));
    book.asks.forEach((p, s) -> all.add(new SimBook.Change(false, p, s)));
    return all;
  }
}
