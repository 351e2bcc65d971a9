package io.deepalpha.executor.bench;

import io.deepalpha.executor.config.FsyncPolicy;
import io.deepalpha.executor.config.LegFailurePolicy;
import io.deepalpha.executor.core.ExecutionEngine;
import io.deepalpha.executor.journal.Journal;
import io.deepalpha.executor.journal.SegmentPreparer;
import io.deepalpha.executor.metrics.ExecutorCounters;
import io.deepalpha.executor.metrics.ExecutorCounters.Counter;
import io.deepalpha.executor.risk.Books;
import io.deepalpha.executor.risk.Limits;
import io.deepalpha.executor.risk.LiveConfig;
import io.deepalpha.executor.venue.WireOnlyGateway;
import io.deepalpha.executor.venue.binance.BinanceGateway;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The executor thread's whole per-signal work, in process: {@link ExecutionEngine#onSignal} (rules,
 * journal, client ids, Binance encoding and HMAC signature, both legs written to a loopback socket)
 * then {@link ExecutionEngine#pollVenues} applying a "filled" answer to both legs (fills and final
 * revisions journaled, slots released). As in the executor, a {@link SegmentPreparer} thread keeps
 * the journal's pages faulted in ahead of the executor thread. The peer is a {@link DiscardSink};
 * answers come from {@link WireOnlyGateway} on the same thread, so {@code -prof gc}'s {@code
 * gc.alloc.rate.norm} (all threads of the JVM) is the executor thread's allocation per signal plus
 * JMH's own.
 *
 * <pre>
 * mvn -B -q -pl executor test-compile
 * mvn -B -q -pl executor exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   "-Dexec.args=-cp %classpath org.openjdk.jmh.Main SignalToWireBenchmark -prof gc"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx512m", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class SignalToWireBenchmark {
  /** More than a 1 s iteration can take at ~2.5 µs/op; ids repeat only across engines. */
  private static final int SIGNALS = 450_000;

  /**
   * One engine per iteration, all built before the first: signal ids and journal room start over
   * each iteration, and building an engine (journal, 8 MB id set) is not counted by -prof gc.
   */
  private static final int ENGINES = 16;

  private Signal[] signals;
  private DiscardSink sink;
  private final Path[] dirs = new Path[ENGINES];
  private final Journal[] journals = new Journal[ENGINES];
  private final ExecutorCounters[] countersOf = new ExecutorCounters[ENGINES];
  private final ExecutionEngine[] engines = new ExecutionEngine[ENGINES];
  private int iteration = -1;
  private ExecutorCounters counters;
  private ExecutionEngine engine;
  private AgentRunner preparer;
  private int next;

  @Setup(Level.Trial)
  public void prepare() throws Exception {
    signals = new Signal[SIGNALS];
    for (int i = 0; i < SIGNALS; i++) {
      signals[i] = InProcessLatencyHarness.signal("jmh-" + i);
    }
    sink = new DiscardSink();
    for (int e = 0; e < ENGINES; e++) {
      dirs[e] = Files.createTempDirectory("executor-jmh");
      journals[e] = Journal.open(dirs[e], 1536L * 1024 * 1024);
      countersOf[e] = new ExecutorCounters();
      engines[e] = engine(journals[e], countersOf[e], URI.create(sink.url()));
    }
  }

  private static ExecutionEngine engine(Journal journal, ExecutorCounters counters, URI sink)
      throws Exception {
    InstrumentRegistry registry = InstrumentRegistry.loadDefault();
    ExecutionEngine engine =
        new ExecutionEngine(
            TradingMode.TESTNET,
            registry,
            new Books(registry, List.of("BTC-USDT")),
            new LiveConfig(10),
            new Limits(
                1e9,
                1e12,
                1e9,
                50,
                60_000_000L,
                60_000_000L,
                60_000_000L,
                1_000_000_000,
                1_000_000_000),
            journal,
            FsyncPolicy.NONE,
            LegFailurePolicy.HOLD,
            50,
            64,
            counters);
    BinanceGateway encoder =
        new BinanceGateway(
            sink,
            "bench-key".getBytes(StandardCharsets.UTF_8),
            "bench-secret".getBytes(StandardCharsets.UTF_8),
            5000,
            1,
            2_000_000_000L,
            counters);
    WireOnlyGateway gateway = new WireOnlyGateway(encoder, sink);
    engine.addGateway(gateway);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!gateway.canSend(System.nanoTime())) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("no connection to the discard sink");
      }
      Thread.sleep(1);
    }
    return engine;
  }

  /** The next prepared engine, with a fresh quote for the price collar. */
  @Setup(Level.Iteration)
  public void nextEngine() {
    iteration++;
    if (iteration >= ENGINES) {
      throw new IllegalStateException("more than " + ENGINES + " iterations: raise ENGINES");
    }
    engine = engines[iteration];
    counters = countersOf[iteration];
    // As in the executor: the journal's pages are faulted in ahead of the executor thread.
    preparer = SegmentPreparer.start(journals[iteration]);
    Quote quote = QUOTE;
    long nowUs = System.currentTimeMillis() * 1000;
    quote.setExchangeTimeUs(nowUs);
    engine.onQuote(quote, nowUs);
    next = 0;
  }

  private static final Quote QUOTE = InProcessLatencyHarness.quote();

  @Benchmark
  public int signalToWireAndAnswer() {
    Signal s = signals[next++];
    long nowUs = System.currentTimeMillis() * 1000;
    s.setEventTimeUs(nowUs);
    engine.onSignal(s, System.nanoTime(), nowUs);
    return engine.pollVenues(System.nanoTime());
  }

  /** Fails the run if any signal took another path than "placed, both legs filled". */
  @TearDown(Level.Iteration)
  public void check() {
    preparer.close();
    long placed = counters.get(Counter.SIGNALS_PLACED);
    long received = counters.get(Counter.SIGNALS_RECEIVED);
    long filled = counters.get(Counter.ORDERS_FILLED);
    System.out.printf(
        " [%d signals, journal %d of %d bytes]",
        placed, journals[iteration].position(), journals[iteration].capacity());
    if (placed != received || filled != 2 * placed) {
      throw new IllegalStateException(
          "received " + received + ", placed " + placed + ", filled orders " + filled);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    for (int e = 0; e < ENGINES; e++) {
      engines[e].closeGateways();
      journals[e].close();
      try (var files = Files.list(dirs[e])) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(dirs[e]);
    }
    sink.close();
  }
}
