package io.deepalpha.executor.bench.xchange;

import com.sun.management.ThreadMXBean;
import io.deepalpha.executor.bench.InProcessLatencyHarness;
import io.deepalpha.executor.bench.WireTap;
import io.deepalpha.executor.config.FsyncPolicy;
import io.deepalpha.executor.config.LegFailurePolicy;
import io.deepalpha.executor.core.ClientOrderIds;
import io.deepalpha.executor.core.ExecutionEngine;
import io.deepalpha.executor.core.Leg;
import io.deepalpha.executor.journal.Journal;
import io.deepalpha.executor.metrics.ExecutorCounters;
import io.deepalpha.executor.risk.Books;
import io.deepalpha.executor.risk.Limits;
import io.deepalpha.executor.risk.LiveConfig;
import io.deepalpha.executor.venue.binance.BinanceGateway;
import io.deepalpha.executor.venue.sim.VenueSimulator;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.knowm.xchange.ExchangeFactory;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.binance.dto.trade.TimeInForce;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.Order.OrderType;
import org.knowm.xchange.dto.trade.LimitOrder;
import org.knowm.xchange.service.trade.TradeService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The peer comparison, one run: our executor (ExecutionEngine + BinanceGateway) and XChange's
 * Binance trade service (xchange-binance 5.2.0, `placeLimitOrder`, LIMIT IOC with a client order
 * id) place the same 0.001 BTC limit order against the same local endpoint — a {@link WireTap} in
 * front of the {@link VenueSimulator}, which checks both clients' signatures — alternating order by
 * order after a warm-up of both. Per order: time from the call to the request's first byte on the
 * wire, time until the answer is in the caller's hands, and bytes allocated (ours: the calling
 * thread plus the connections' reader threads that parse the answers; XChange: the calling thread,
 * which does all of its work). Our signal always places both legs; its buy leg is the one timed.
 *
 * <pre>
 * mvn -B -q -pl executor -Pbench test-compile
 * mvn -B -q -pl executor -Pbench exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   "-Dexec.args=-Xmx512m --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp %classpath \
 *    io.deepalpha.executor.bench.xchange.XChangeComparison --warmup 5000 --measured 5000"
 * </pre>
 */
@Command(
    name = "xchange-comparison",
    mixinStandardHelpOptions = true,
    description = "Our Binance gateway vs XChange's, same order, same local endpoint, same run.")
public final class XChangeComparison implements Callable<Integer> {
  @Option(names = "--warmup", defaultValue = "5000", description = "Unrecorded orders per client.")
  int warmup;

  @Option(names = "--measured", defaultValue = "5000", description = "Recorded orders per client.")
  int measured;

  private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  public static void main(String[] args) {
    System.exit(new CommandLine(new XChangeComparison()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String loadBefore = loadAverage();
    Path dir = Files.createTempDirectory("executor-xchange");
    Histogram oursWire = histogram();
    Histogram oursAnswer = histogram();
    Histogram theirsWire = histogram();
    Histogram theirsAnswer = histogram();
    long oursBytes = 0;
    long theirsBytes = 0;
    int missing = 0;
    try (VenueSimulator sim = new VenueSimulator("bench-key", "bench-secret", "p");
        WireTap tap = new WireTap(URI.create(sim.binanceUrl()).getPort());
        Journal journal = Journal.open(dir, 1024L * 1024 * 1024)) {
      ExecutorCounters counters = new ExecutorCounters();
      ExecutionEngine engine = engine(journal, counters);
      BinanceGateway ours =
          new BinanceGateway(
              URI.create(tap.url()),
              "bench-key".getBytes(StandardCharsets.UTF_8),
              "bench-secret".getBytes(StandardCharsets.UTF_8),
              5000,
              4,
              2_000_000_000L,
              counters);
      engine.addGateway(ours);
      while (!ours.canSend(System.nanoTime())) {
        engine.pollVenues(System.nanoTime());
        Thread.sleep(1);
      }
      TradeService theirs = xchange(tap.url());
      long[] readers = readerThreadIds();
      ClientOrderIds ids = new ClientOrderIds();
      Quote quote = InProcessLatencyHarness.quote();
      for (int i = 0; i < warmup + measured; i++) {
        boolean record = i >= warmup;
        // ours: one signal, both legs; the buy leg is timed to the wire
        long nowUs = System.currentTimeMillis() * 1000;
        quote.setExchangeTimeUs(nowUs);
        engine.onQuote(quote, nowUs);
        Signal s = InProcessLatencyHarness.signal("xc-ours-" + i);
        s.setEventTimeUs(nowUs);
        String buyId = ids.derive(s.getSignalId(), Leg.BUY);
        long readerBytes0 = sum(threads.getThreadAllocatedBytes(readers));
        long bytes0 = threads.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        engine.onSignal(s, t0, nowUs);
        while (engine.ordersInFlight() > 0) {
          engine.pollVenues(System.nanoTime());
        }
        long t1 = System.nanoTime();
        long bytes1 = threads.getCurrentThreadAllocatedBytes();
        long readerBytes1 = sum(threads.getThreadAllocatedBytes(readers));
        Long onWire = tap.awaitArrival(buyId, TimeUnit.SECONDS.toNanos(10));
        // theirs: the same order through XChange
        String theirId = "xc" + i;
        LimitOrder order =
            new LimitOrder.Builder(OrderType.BID, CurrencyPair.BTC_USDT)
                .originalAmount(new BigDecimal("0.001"))
                .limitPrice(new BigDecimal("65000"))
                .userReference(theirId)
                .flag(TimeInForce.IOC)
                .build();
        long xBytes0 = threads.getCurrentThreadAllocatedBytes();
        long x0 = System.nanoTime();
        theirs.placeLimitOrder(order);
        long x1 = System.nanoTime();
        long xBytes1 = threads.getCurrentThreadAllocatedBytes();
        Long theirOnWire = tap.awaitArrival(theirId, TimeUnit.SECONDS.toNanos(10));
        if (!record) {
          continue;
        }
        if (onWire == null || theirOnWire == null) {
          missing++;
          continue;
        }
        oursWire.recordValue(onWire - t0);
        oursAnswer.recordValue(t1 - t0);
        oursBytes += (bytes1 - bytes0) + (readerBytes1 - readerBytes0);
        theirsWire.recordValue(theirOnWire - x0);
        theirsAnswer.recordValue(x1 - x0);
        theirsBytes += xBytes1 - xBytes0;
      }
      System.out.printf(
          "%d warm-up + %d measured orders per client, load average before: %s, after: %s%n",
          warmup, measured, loadBefore, loadAverage());
      print("ours    call -> request on the wire", oursWire);
      print("XChange call -> request on the wire", theirsWire);
      System.out.printf(
          "ratio XChange/ours on the wire: p50 %.1fx p99 %.1fx%n",
          ratio(theirsWire, oursWire, 50), ratio(theirsWire, oursWire, 99));
      print("ours    call -> answer applied (both legs)", oursAnswer);
      print("XChange call -> placeLimitOrder returned", theirsAnswer);
      int n = measured - missing;
      System.out.printf(
          "allocated per order: ours %.0f B (2 legs per signal, calling + reader threads, /2),"
              + " XChange %.0f B (calling thread)%n",
          oursBytes / 2.0 / n, theirsBytes / (double) n);
      System.out.printf(
          "orders at the simulator %d, duplicates %d, bad signatures %d, missing %d, RSS %s%n",
          sim.newOrderClientIds().size(), sim.duplicates(), sim.badSignatures(), missing, rss());
      ours.close();
    }
    return missing == 0 ? 0 : 1;
  }

  private static ExecutionEngine engine(Journal journal, ExecutorCounters counters) {
    InstrumentRegistry registry = InstrumentRegistry.loadDefault();
    return new ExecutionEngine(
        TradingMode.TESTNET,
        registry,
        new Books(registry, List.of("BTC-USDT")),
        new LiveConfig(10),
        new Limits(1e9, 1e12, 1e9, 50, 60_000_000L, 60_000_000L, 60_000_000L, 1_000_000, 1_000_000),
        journal,
        FsyncPolicy.NONE,
        LegFailurePolicy.HOLD,
        50,
        64,
        counters);
  }

  /** XChange pointed at the local endpoint, without its start-up calls to exchangeInfo. */
  private static TradeService xchange(String url) {
    ExchangeSpecification spec = new BinanceExchange().getDefaultExchangeSpecification();
    spec.setSslUri(url);
    URI u = URI.create(url);
    spec.setHost(u.getHost());
    spec.setPort(u.getPort());
    spec.setApiKey("bench-key");
    spec.setSecretKey("bench-secret");
    spec.setShouldLoadRemoteMetaData(false);
    TradeService trade = ExchangeFactory.INSTANCE.createExchange(spec).getTradeService();
    JacksonTimeInForceFix.apply(trade);
    return trade;
  }

  private static long[] readerThreadIds() {
    List<Long> ids = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("binance-http-")) {
        ids.add(t.getId());
      }
    }
    long[] out = new long[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.get(i);
    }
    return out;
  }

  private static long sum(long[] values) {
    long s = 0;
    for (long v : values) {
      s += v;
    }
    return s;
  }

  private static Histogram histogram() {
    return new Histogram(60_000_000_000L, 3);
  }

  private static double ratio(Histogram a, Histogram b, double percentile) {
    return a.getValueAtPercentile(percentile) / (double) b.getValueAtPercentile(percentile);
  }

  private static void print(String what, Histogram h) {
    System.out.printf(
        "%s (us): n=%d p50=%.1f p90=%.1f p99=%.1f p99.9=%.1f max=%.1f%n",
        what,
        h.getTotalCount(),
        h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(90) / 1e3,
        h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3,
        h.getMaxValue() / 1e3);
  }

  private static String loadAverage() throws Exception {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }

  private static String rss() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS")) {
        return line.substring(6).strip();
      }
    }
    return "?";
  }
}
