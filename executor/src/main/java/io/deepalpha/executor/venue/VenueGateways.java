package io.deepalpha.executor.venue;

import io.deepalpha.executor.config.ExecutorConfig;
import io.deepalpha.executor.metrics.ExecutorCounters;
import io.deepalpha.executor.risk.Books;
import io.deepalpha.executor.risk.LiveConfig;
import io.deepalpha.executor.venue.paper.PaperGateway;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import java.util.ArrayList;
import java.util.List;

/** The gateways of a run: paper venues in paper mode, the venues' REST APIs otherwise. */
public final class VenueGateways {
  private VenueGateways() {}

  public static List<VenueGateway> create(
      ExecutorConfig config, Books books, LiveConfig liveConfig, ExecutorCounters counters) {
    List<VenueGateway> gateways = new ArrayList<>();
    for (Venue venue : config.venues()) {
      if (config.mode() == TradingMode.PAPER) {
        gateways.add(
            new PaperGateway(venue, books, liveConfig, config.paperLatencyMs() * 1_000_000L, 4096));
      } else {
        throw new IllegalStateException(
            "TRADING_MODE=" + config.mode() + " for " + venue + " is not built yet");
      }
    }
    return gateways;
  }
}
