package io.deepalpha.executor.bench;

import io.deepalpha.executor.core.Leg;
import io.deepalpha.executor.core.OrderEvent;
import io.deepalpha.executor.journal.Journal;
import io.deepalpha.executor.journal.SegmentPreparer;
import io.deepalpha.executor.risk.SignalIds;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.AgentRunner;

/**
 * The pause a journal roll puts on the writer (executor) thread: {@link Journal#roll} timed around
 * the call, as the engine calls it between two events. The writer appends order records (~220
 * bytes, as a placed leg) in bursts of 100 with a 1 ms pause between bursts, rolls when {@link
 * Journal#needsRoll} says so with a snapshot of {@code ids} signal ids (16 bytes each: the dedup
 * horizon) plus 8 orders in flight, and releases the old segment after the roll as the publisher
 * would. {@code prepare} (the default) runs a {@link SegmentPreparer} beside it, as the executor
 * does; {@code create} leaves every roll to create its segment (the fallback, and how every roll
 * worked before). Prints HdrHistogram percentiles of the roll call after 20 warm-up rolls.
 *
 * <pre>
 * mvn -B -o -q -pl executor test-compile
 * mvn -B -o -q -pl executor exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   "-Dexec.args=-Xmx512m --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp %classpath \
 *    io.deepalpha.executor.bench.JournalRollHarness 300 4 10000 prepare"
 * # args: ROLLS SEGMENT_MB IDS [prepare|create] [DIR]
 * </pre>
 */
public final class JournalRollHarness {
  private static final int WARMUP = 20;
  private static final int BURST = 100;

  public static void main(String[] args) throws Exception {
    int rolls = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    double segmentMb = args.length > 1 ? Double.parseDouble(args[1]) : 4;
    int idCount = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    boolean prepare = args.length <= 3 || args[3].equals("prepare");
    Path dir =
        args.length > 4
            ? Files.createTempDirectory(Path.of(args[4]), "roll-bench")
            : Files.createTempDirectory("roll-bench");
    long segmentBytes = (long) (segmentMb * 1024 * 1024);

    SignalIds ids = new SignalIds();
    for (int i = 0; i < idCount; i++) {
      ids.add("sig-" + i, i);
    }
    OrderEvent order = order();
    Journal.Snapshot snapshot =
        j -> {
          j.appendSnapshotIds(ids);
          for (int i = 0; i < 8; i++) {
            j.appendSnapshotOrder(order);
          }
        };
    Histogram pauses = new Histogram(60_000_000_000L, 3);
    int prepared = 0;
    try (Journal journal = Journal.open(dir, segmentBytes)) {
      AgentRunner preparer = prepare ? SegmentPreparer.start(journal) : null;
      long started = System.nanoTime();
      for (int roll = 0; roll < WARMUP + rolls; roll++) {
        fillSegment(journal, order);
        long t0 = System.nanoTime();
        journal.roll(snapshot);
        long took = System.nanoTime() - t0;
        if (roll >= WARMUP) {
          pauses.recordValue(took);
          prepared += journal.lastRollPrepared() ? 1 : 0;
        }
        journal.releaseBefore(journal.activeSegment());
      }
      if (preparer != null) {
        preparer.close();
      }
      System.out.printf(
          "%d rolls measured (%d warm-up) of %.2f MB segments, snapshot %d ids + 8 orders,"
              + " dir %s, %.1f s; preparer %s: %d measured rolls took a prepared segment%n",
          rolls,
          WARMUP,
          segmentMb,
          idCount,
          dir,
          (System.nanoTime() - started) / 1e9,
          prepare ? "on" : "off",
          prepared);
      System.out.printf(
          "roll pause on the writer thread: p50 %.1f µs, p90 %.1f µs, p99 %.1f µs, max %.1f µs,"
              + " mean %.1f µs%n",
          pauses.getValueAtPercentile(50) / 1e3,
          pauses.getValueAtPercentile(90) / 1e3,
          pauses.getValueAtPercentile(99) / 1e3,
          pauses.getMaxValue() / 1e3,
          pauses.getMean() / 1e3);
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  /** Appends in bursts, with a pause between them, until the journal asks for a roll. */
  private static void fillSegment(Journal journal, OrderEvent order) {
    while (!journal.needsRoll()) {
      for (int i = 0; i < BURST && !journal.needsRoll(); i++) {
        order.revision++;
        journal.appendOrder(order);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  private static OrderEvent order() {
    OrderEvent e = new OrderEvent();
    e.clientOrderId = "da0123456789abcdefghijklmnb";
    e.signalId = "sig-0000000000000000000001";
    e.instrument = "BTC-USDT";
    e.venueSymbol = "BTCUSDT";
    e.venue = Venue.BINANCE;
    e.side = Side.BUY;
    e.leg = Leg.BUY;
    e.status = OrderStatus.PENDING;
    e.mode = TradingMode.TESTNET;
    e.price = 65_000_0000L;
    e.qty = 100_000L;
    e.priceScale = 4;
    e.sizeScale = 8;
    return e;
  }
}
