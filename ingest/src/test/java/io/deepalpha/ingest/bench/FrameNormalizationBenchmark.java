package io.deepalpha.ingest.bench;

import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.Adapters;
import io.deepalpha.ingest.venue.AnySymbolLookup;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.ingest.venue.QuoteSource;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.Venue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One real BBO or trade frame to normalized Quote/Trade events, per venue, single thread (ops/s =
 * frames/s per core). Run: see the module README.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameNormalizationBenchmark {

  @Param({"BINANCE", "OKX", "BYBIT", "COINBASE", "KRAKEN"})
  public Venue venue;

  private byte[][] frames;
  private VenueAdapter adapter;
  private BlackholeSink sink;
  private int next;

  @Setup(Level.Trial)
  public void setUp(Blackhole blackhole) {
    frames = BenchFrames.of(venue);
    adapter =
        Adapters.create(
            venue, new AdapterSettings(new AnySymbolLookup(8, 8), QuoteSource.TICKER, false));
    adapter.onConnect(1);
    sink = new BlackholeSink(blackhole);
  }

  @Benchmark
  public void normalize() {
    byte[] frame = frames[next];
    next = next + 1 == frames.length ? 0 : next + 1;
    adapter.onFrame(frame, 1L, sink);
  }

  /** Consumes events; a dead letter in a benchmark of good frames is a bug. */
  static final class BlackholeSink implements EventSink {
    private final Blackhole blackhole;

    BlackholeSink(Blackhole blackhole) {
      this.blackhole = blackhole;
    }

    @Override
    public void onQuote(Quote quote) {
      blackhole.consume(quote.getBidPrice());
    }

    @Override
    public void onTrade(Trade trade) {
      blackhole.consume(trade.getPrice());
    }

    @Override
    public void onDeadLetter(DeadLetter deadLetter) {
      throw new IllegalStateException("dead letter in the benchmark: " + deadLetter.getReason());
    }
  }
}
