package io.deepalpha.ingest.venue.kraken.v2;

import io.deepalpha.ingest.book.Checksums;
import io.deepalpha.ingest.book.OrderBook;
import io.deepalpha.model.FixedPoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Kraken v2 session with no recording to draw on (the recordings are v1): the FACTS.md §3
 * snapshot, then seeded book updates whose checksums are those of the book they produce (BTC/USD
 * precision 1/8), trades, heartbeats, acks and a status message, as {@code wss://ws.kraken.com/v2}
 * sends them.
 */
public final class KrakenV2Frames {
  private KrakenV2Frames() {}

  public static List<byte[]> session(int updates, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Checksums checksums = new Checksums();
    OrderBook book = new OrderBook();
    book.startSnapshot();
    List<String> frames = new ArrayList<>();
    frames.add(
        "{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"api_version\":\"v2\","
            + "\"connection_id\":12893477372709419521,\"system\":\"online\",\"version\":\"2.0.0\"}]}");
    frames.add(
        "{\"method\":\"subscribe\",\"result\":{\"channel\":\"book\",\"depth\":10,\"snapshot\":true,"
            + "\"symbol\":\"BTC/USD\"},\"success\":true,\"time_in\":\"2023-10-06T17:35:55.000000Z\","
            + "\"time_out\":\"2023-10-06T17:35:55.000100Z\"}");
    frames.add(KrakenV2AdapterTest.DOC_SNAPSHOT);
    readSnapshot(book);
    for (int i = 0; i < updates; i++) {
      boolean bid = random.nextBoolean();
      // Bids below 45284.5 and asks above it: updates move the book but never cross it.
      long price = bid ? 452_700 + random.nextInt(145) : 452_850 + random.nextInt(150);
      long qty = random.nextInt(5) == 0 ? 0 : 1 + random.nextLong(300_000_000L);
      book.set(bid, price * 1_000, qty);
      book.bids().truncate(KrakenV2Adapter.DEPTH);
      book.asks().truncate(KrakenV2Adapter.DEPTH);
      long checksum = checksums.kraken(book, 4, 8, 1, 8);
      frames.add(
          "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\""
              + (bid ? "bids" : "asks")
              + "\":[{\"price\":"
              + FixedPoint.toString(price, 1)
              + ",\"qty\":"
              + FixedPoint.toString(qty, 8)
              + "}],\""
              + (bid ? "asks" : "bids")
              + "\":[],\"checksum\":"
              + checksum
              + ",\"timestamp\":\"2023-10-06T17:35:56."
              + String.format("%06d", i % 1_000_000)
              + "Z\"}]}");
      if (i % 10 == 0) {
        frames.add(
            "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\","
                + "\"side\":\""
                + (random.nextBoolean() ? "buy" : "sell")
                + "\",\"price\":"
                + FixedPoint.toString(price, 1)
                + ",\"qty\":0.0125,\"ord_type\":\"limit\",\"trade_id\":"
                + (4_665_846 + i)
                + ",\"timestamp\":\"2023-10-06T17:35:57.123456Z\"}]}");
      }
      if (i % 25 == 0) {
        frames.add("{\"channel\":\"heartbeat\"}");
      }
    }
    return frames.stream().map(f -> f.getBytes(StandardCharsets.UTF_8)).toList();
  }

  /** The book of {@link KrakenV2AdapterTest#DOC_SNAPSHOT}, read by the adapter itself. */
  private static void readSnapshot(OrderBook into) {
    var adapter =
        new KrakenV2Adapter(
            new io.deepalpha.ingest.venue.AdapterSettings(
                new io.deepalpha.ingest.venue.AnySymbolLookup(4, 8),
                io.deepalpha.ingest.venue.QuoteSource.BOOK,
                false));
    adapter.onConnect(1);
    adapter.onFrame(
        KrakenV2AdapterTest.DOC_SNAPSHOT.getBytes(StandardCharsets.UTF_8),
        1,
        new io.deepalpha.ingest.CollectingSink());
    OrderBook snapshot = adapter.book("BTC/USD");
    for (int i = 0; i < snapshot.bids().depth(); i++) {
      into.set(true, snapshot.bids().price(i), snapshot.bids().size(i));
    }
    for (int i = 0; i < snapshot.asks().depth(); i++) {
      into.set(false, snapshot.asks().price(i), snapshot.asks().size(i));
    }
  }
}
