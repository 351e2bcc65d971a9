package io.deepalpha.executor.venue;

import io.deepalpha.executor.config.ExecutorConfig;
import io.deepalpha.executor.metrics.ExecutorCounters;
import io.deepalpha.executor.risk.Books;
import io.deepalpha.executor.risk.LiveConfig;
import io.deepalpha.executor.venue.binance.BinanceGateway;
import io.deepalpha.executor.venue.okx.OkxGateway;
import io.deepalpha.executor.venue.paper.PaperGateway;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import java.util.ArrayList;
import java.util.List;

/** The gateways of a run: paper venues in paper mode, the venues' REST APIs otherwise. */
public final class VenueGateways {
  /** Keep-alive connections per venue: requests in flight at once (two legs, queries). */
  static final int CONNECTIONS = 4;

  private VenueGateways() {}

  public static List<VenueGateway> create(
      ExecutorConfig config, Books books, LiveConfig liveConfig, ExecutorCounters counters) {
    List<VenueGateway> gateways = new ArrayList<>();
    for (Venue venue : config.venues()) {
      if (config.mode() == TradingMode.PAPER) {
        gateways.add(
            new PaperGateway(venue, books, liveConfig, config.paperLatencyMs() * 1_000_000L, 4096));
      } else if (venue == Venue.BINANCE) {
        gateways.add(
            new BinanceGateway(
                config.apiEndpoint(),
                config.binanceApiKey().bytes(),
                config.binanceApiSecret().bytes(),
                config.recvWindowMs(),
                CONNECTIONS,
                config.venueTimeoutMs() * 1_000_000L,
                counters));
      } else if (venue == Venue.OKX) {
        gateways.add(
            new OkxGateway(
                config.okxApiEndpoint(),
                config.okxApiKey().bytes(),
                config.okxApiSecret().bytes(),
                config.okxPassphrase().bytes(),
                config.okxDemo(),
                CONNECTIONS,
                config.venueTimeoutMs() * 1_000_000L,
                counters));
      }
    }
    return gateways;
  }
}
