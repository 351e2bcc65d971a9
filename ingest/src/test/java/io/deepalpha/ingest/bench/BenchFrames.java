package io.deepalpha.ingest.bench;

import io.deepalpha.ingest.recording.RecordedFrame;
import io.deepalpha.ingest.recording.RecordingReader;
import io.deepalpha.model.event.Venue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The BBO and trade frames of each venue's recordings (the frames the 1 M frames/s target is
 * about), read from ../shared/data/venues: the benchmarks measure real frames, not toy ones.
 */
final class BenchFrames {
  static final Path ROOT =
      Path.of(System.getProperty("venues.dir", "../../shared/data/venues/recorded"))
          .toAbsolutePath()
          .normalize();

  private BenchFrames() {}

  static byte[][] of(Venue venue) {
    return switch (venue) {
      case BINANCE -> select("permissive/BINANCE.ws.1.0", "@bookTicker", "@aggTrade");
      case OKX ->
          select("permissive/OKX.ws.1.0", "\"channel\":\"tickers\"", "\"channel\":\"trades\"");
      case BYBIT -> select("agpl/BYBIT.jsonl", "publicTrade.", "\"bid1Price\"");
      case COINBASE ->
          select(
              "agpl/COINBASE.jsonl",
              "\"channel\":\"ticker\"",
              "\"channel\":\"market_trades\",\"timestamp\"");
      case KRAKEN -> select("permissive/KRAKEN.ws.48.0", "\"trade\"", "\"ticker\"");
      case UNKNOWN -> throw new IllegalArgumentException("UNKNOWN");
    };
  }

  /** Binance bookTicker and aggTrade frames only (what the XChange peer decodes). */
  static byte[][] binanceBookTickers() {
    return select("permissive/BINANCE.ws.1.0", "@bookTicker");
  }

  private static byte[][] select(String file, String... markers) {
    Path path = ROOT.resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          "recordings not found at "
              + path
              + " (set -Dvenues.dir=<.../shared/data/venues/recorded>)");
    }
    List<byte[]> frames =
        RecordingReader.read(path).stream()
            .filter(f -> f.kind() == RecordedFrame.Kind.RECEIVE)
            .filter(
                f -> {
                  String text = f.text();
                  for (String marker : markers) {
                    if (text.contains(marker)
                        && !text.contains("\"type\":\"snapshot\",\"trades\"")) {
                      return true;
                    }
                  }
                  return false;
                })
            .map(RecordedFrame::data)
            .toList();
    if (frames.isEmpty()) {
      throw new IllegalStateException("no frames in " + path);
    }
    return frames.toArray(new byte[0][]);
  }
}
