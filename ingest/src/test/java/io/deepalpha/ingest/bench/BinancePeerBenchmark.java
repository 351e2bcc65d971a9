package io.deepalpha.ingest.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import info.bitrich.xchangestream.binance.dto.BinanceWebsocketTransaction;
import info.bitrich.xchangestream.binance.dto.BookTickerBinanceWebSocketTransaction;
import info.bitrich.xchangestream.service.netty.StreamingObjectMapperHelper;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.AnySymbolLookup;
import io.deepalpha.ingest.venue.QuoteSource;
import io.deepalpha.ingest.venue.binance.BinanceAdapter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.knowm.xchange.binance.dto.marketdata.BinanceBookTicker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The same Binance bookTicker frames decoded by ingest and by the peer a Java user would pick,
 * XChange-stream 5.2.0, the way its streaming service does it: the frame to a Jackson tree, the
 * tree to its transaction DTO, then the ticker (BigDecimals).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BinancePeerBenchmark {
  private static final TypeReference<
          BinanceWebsocketTransaction<BookTickerBinanceWebSocketTransaction>>
      BOOK_TICKER = new TypeReference<>() {};

  private byte[][] frames;
  private int next;
  private ObjectMapper mapper;
  private BinanceAdapter adapter;
  private FrameNormalizationBenchmark.BlackholeSink sink;

  @Setup(Level.Trial)
  public void setUp(Blackhole blackhole) {
    frames = BenchFrames.binanceBookTickers();
    mapper = StreamingObjectMapperHelper.getObjectMapper();
    adapter =
        new BinanceAdapter(
            new AdapterSettings(new AnySymbolLookup(8, 8), QuoteSource.TICKER, false));
    adapter.onConnect(1);
    sink = new FrameNormalizationBenchmark.BlackholeSink(blackhole);
  }

  private byte[] nextFrame() {
    byte[] frame = frames[next];
    next = next + 1 == frames.length ? 0 : next + 1;
    return frame;
  }

  @Benchmark
  public void ingestBookTicker() {
    adapter.onFrame(nextFrame(), 1L, sink);
  }

  @Benchmark
  public BinanceBookTicker xchangeBookTicker() throws IOException {
    JsonNode tree = mapper.readTree(nextFrame());
    return mapper.convertValue(tree, BOOK_TICKER).getData().getTicker();
  }
}
