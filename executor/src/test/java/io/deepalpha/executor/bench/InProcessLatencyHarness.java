package io.deepalpha.executor.bench;

import com.sun.management.ThreadMXBean;
import io.deepalpha.executor.config.FsyncPolicy;
import io.deepalpha.executor.config.LegFailurePolicy;
import io.deepalpha.executor.core.ExecutionEngine;
import io.deepalpha.executor.journal.Journal;
import io.deepalpha.executor.metrics.ExecutorCounters;
import io.deepalpha.executor.metrics.ExecutorCounters.Counter;
import io.deepalpha.executor.risk.Books;
import io.deepalpha.executor.risk.Limits;
import io.deepalpha.executor.risk.LiveConfig;
import io.deepalpha.executor.venue.binance.BinanceGateway;
import io.deepalpha.executor.venue.sim.VenueSimulator;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * In-process latency: a decoded Signal handed to {@link ExecutionEngine#onSignal} until both legs'
 * signed HTTP requests are written to their sockets (the call returns after the second write). Both
 * legs go to the local Binance simulator over loopback keep-alive connections. Between signals the
 * harness waits for the answers, so every signal finds idle connections. Reports HdrHistogram
 * percentiles after a warm-up and the bytes the calling thread allocated inside onSignal
 * (ThreadMXBean), per signal.
 *
 * <pre>
 * mvn -B -q -pl executor -Pbench test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.deepalpha.executor.bench.InProcessLatencyHarness -Dexec.args="20000 20000"
 * </pre>
 */
public final class InProcessLatencyHarness {
  public static void main(String[] args) throws Exception {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    Path dir = Files.createTempDirectory("executor-bench");
    try (VenueSimulator sim = new VenueSimulator("bench-key", "bench-secret", "p");
        Journal journal = Journal.open(dir, 512L * 1024 * 1024)) {
      Books books = new Books(InstrumentRegistry.loadDefault(), List.of("BTC-USDT"));
      ExecutorCounters counters = new ExecutorCounters();
      ExecutionEngine engine =
          new ExecutionEngine(
              TradingMode.TESTNET,
              InstrumentRegistry.loadDefault(),
              books,
              new LiveConfig(10),
              new Limits(
                  1e9, 1e12, 1e9, 50, 60_000_000L, 60_000_000L, 60_000_000L, 1_000_000, 1_000_000),
              journal,
              FsyncPolicy.NONE,
              LegFailurePolicy.HOLD,
              50,
              64,
              counters);
      BinanceGateway binance =
          new BinanceGateway(
              URI.create(sim.binanceUrl()),
              "bench-key".getBytes(StandardCharsets.UTF_8),
              "bench-secret".getBytes(StandardCharsets.UTF_8),
              5000,
              4,
              2_000_000_000L,
              counters);
      engine.addGateway(binance);
      while (!binance.canSend(System.nanoTime())) {
        engine.pollVenues(System.nanoTime());
        Thread.sleep(1);
      }
      Quote quote = quote();
      Signal[] signals = new Signal[warmup + measured];
      for (int i = 0; i < signals.length; i++) {
        signals[i] = signal("bench-" + i);
      }
      ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
      Histogram histogram = new Histogram(10_000_000_000L, 3);
      long allocated = 0;
      for (int i = 0; i < signals.length; i++) {
        long nowUs = System.currentTimeMillis() * 1000;
        quote.setExchangeTimeUs(nowUs);
        engine.onQuote(quote, nowUs);
        Signal s = signals[i];
        s.setEventTimeUs(nowUs);
        long bytesBefore = threads.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        engine.onSignal(s, t0, nowUs);
        long t1 = System.nanoTime();
        long bytesAfter = threads.getCurrentThreadAllocatedBytes();
        if (i >= warmup) {
          histogram.recordValue(t1 - t0);
          allocated += bytesAfter - bytesBefore;
        }
        long stuckAt = System.nanoTime() + 5_000_000_000L;
        while (engine.ordersInFlight() > 0) {
          engine.pollVenues(System.nanoTime());
          if (System.nanoTime() - stuckAt > 0) {
            StringBuilder c = new StringBuilder();
            for (Counter k : Counter.values()) {
              c.append(k).append('=').append(counters.get(k)).append(' ');
            }
            throw new IllegalStateException("signal " + i + " not finished in 5 s: " + c);
          }
        }
      }
      // What two back-to-back readings of the counter allocate themselves, to subtract.
      long baseline = 0;
      for (int i = 0; i < measured; i++) {
        long a = threads.getCurrentThreadAllocatedBytes();
        long b = threads.getCurrentThreadAllocatedBytes();
        baseline += b - a;
      }
      allocated -= baseline;
      long placed = counters.get(Counter.SIGNALS_PLACED);
      System.out.printf(
          "in-process signal -> both legs written (ns): n=%d p50=%d p90=%d p99=%d p99.9=%d max=%d"
              + " mean=%.0f%n",
          histogram.getTotalCount(),
          histogram.getValueAtPercentile(50),
          histogram.getValueAtPercentile(90),
          histogram.getValueAtPercentile(99),
          histogram.getValueAtPercentile(99.9),
          histogram.getMaxValue(),
          histogram.getMean());
      System.out.printf(
          "allocated on the calling thread inside onSignal: %.1f bytes/signal; placed %d of %d;"
              + " orders at the simulator %d, duplicates %d%n",
          allocated / (double) measured,
          placed,
          signals.length,
          sim.newOrderClientIds().size(),
          sim.duplicates());
      System.out.printf("heap max %d MB, RSS %s%n", Runtime.getRuntime().maxMemory() >> 20, rss());
      binance.close();
    }
  }

  static String rss() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS")) {
        return line.substring(6).strip();
      }
    }
    return "?";
  }

  public static Quote quote() {
    return Quote.newBuilder()
        .setVenue(Venue.BINANCE)
        .setVenueSymbol("BTCUSDT")
        .setInstrument("BTC-USDT")
        .setExchangeTimeUs(0)
        .setReceiveTimeNs(0)
        .setConnectionId(1)
        .setSequence(1)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBidPrice(65_000_0000L)
        .setBidSize(50_000_000L)
        .setAskPrice(65_000_0000L)
        .setAskSize(50_000_000L)
        .setTimeSource(TimeSource.EXCHANGE)
        .build();
  }

  /** Buy and sell 0.001 BTC at 65000 on Binance: both legs on the same simulated venue. */
  public static Signal signal(String id) {
    return Signal.newBuilder()
        .setSignalId(id)
        .setInstrument("BTC-USDT")
        .setEventTimeUs(0)
        .setBuyVenue(Venue.BINANCE)
        .setSellVenue(Venue.BINANCE)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBuyPrice(65_000_0000L)
        .setSellPrice(65_000_0000L)
        .setQty(100_000L)
        .setGrossBps(0)
        .setNetBps(0)
        .setBuyQuoteTimeUs(0)
        .setSellQuoteTimeUs(0)
        .setBuyQuoteReceiveNs(0)
        .setSellQuoteReceiveNs(0)
        .setConfigVersion(1)
        .build();
  }
}
