package io.deepalpha.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepalpha.jobs.late.LateEvent;
import io.deepalpha.jobs.risk.MarketRiskStats;
import io.deepalpha.jobs.risk.RiskMetric;
import io.deepalpha.jobs.spread.SpreadStat;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.Venue;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** The jobs' working types mapped to the sinks' rows, field by field (sinks/README.md table). */
class ResultRowsTest {
  private static final long START_US = 1_763_769_600_000_000L;

  @Test
  void spreadStatKeepsTheIntervalAndTurnsMicrosAboveThresholdIntoWholeMillis() {
    SpreadStat s = new SpreadStat();
    s.instrument = "BTC-USDT";
    s.buyVenue = "BINANCE";
    s.sellVenue = "OKX";
    s.windowStartUs = START_US;
    s.windowEndUs = START_US + 1_000_000L;
    s.evaluations = 7;
    s.minNetBps = -3.5;
    s.maxNetBps = 6.25;
    s.lastNetBps = 1.5;
    s.aboveThresholdUs = 123_999L;

    io.deepalpha.sinks.row.SpreadStat row = new SpreadStatRows().map(s);

    assertThat(row)
        .isEqualTo(
            new io.deepalpha.sinks.row.SpreadStat(
                "BTC-USDT",
                Venue.BINANCE,
                Venue.OKX,
                START_US,
                START_US + 1_000_000L,
                -3.5,
                6.25,
                1.5,
                123L,
                7L));
  }

  @Test
  void lateEventNamesTopicAndOperatorAndKeepsVenueAndSequenceInThePayload() throws Exception {
    LateEvent e =
        LateEvent.of(
            "md.quotes", "spread", "BTC-USDT", "OKX", START_US, START_US * 1_000L + 7, 42L, 99L);

    io.deepalpha.sinks.row.LateEvent row = new LateEventRows().map(e);

    assertThat(row.getSource()).isEqualTo("md.quotes/spread");
    assertThat(row.getKey()).isEqualTo("BTC-USDT");
    assertThat(row.getEventTimeUs()).isEqualTo(START_US);
    assertThat(row.getWatermarkUs()).isEqualTo(99_000L);
    assertThat(row.getReceiveTimeNs()).isEqualTo(START_US * 1_000L + 7);
    JsonNode payload = new ObjectMapper().readTree(row.getPayloadJson());
    assertThat(payload.get("venue").asText()).isEqualTo("OKX");
    assertThat(payload.get("sequence").asLong()).isEqualTo(42L);
    assertThat(payload.get("operator").asText()).isEqualTo("spread");
  }

  @Test
  void riskMetricWithoutSourceHasNoVenueAndOneWithSourceKeepsIt() {
    RiskMetric global = RiskMetric.of("STRATEGY", "xarb", "drawdown", "*", 12.5, START_US);
    RiskMetric perVenue =
        RiskMetric.of("INSTRUMENT", "BTC-USDT", "volatility_bps", "KRAKEN", 3.25, START_US);

    assertThat(new RiskMetricRows().map(global))
        .isEqualTo(
            new io.deepalpha.sinks.row.RiskMetric(
                RiskScope.STRATEGY, "xarb", null, "drawdown", 12.5, START_US));
    assertThat(new RiskMetricRows().map(perVenue))
        .isEqualTo(
            new io.deepalpha.sinks.row.RiskMetric(
                RiskScope.INSTRUMENT, "BTC-USDT", "KRAKEN", "volatility_bps", 3.25, START_US));
  }

  @Test
  void marketWindowWithQuotesOnlyGivesCountsAndSpreadDistributionButNoVolumeOrVwap() {
    MarketRiskStats s = stats(5, 0);

    List<io.deepalpha.sinks.row.RiskMetric> rows = rows(s);

    assertThat(rows)
        .extracting(io.deepalpha.sinks.row.RiskMetric::getMetric)
        .containsExactly(
            "quotes",
            "trades",
            "spread_bps_min",
            "spread_bps_p50",
            "spread_bps_p90",
            "spread_bps_max");
    assertThat(rows)
        .extracting(io.deepalpha.sinks.row.RiskMetric::getValue)
        .containsExactly(5.0, 0.0, 1.0, 2.0, 3.0, 4.0);
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.getScope()).isEqualTo(RiskScope.INSTRUMENT);
              assertThat(r.getScopeKey()).isEqualTo("BTC-USDT");
              assertThat(r.getVenue()).isEqualTo("OKX");
              assertThat(r.getWindowEndUs()).isEqualTo(START_US + 60_000_000L);
            });
  }

  @Test
  void marketWindowWithTradesOnlyGivesVolumeAndVwapButNoSpreads() {
    List<io.deepalpha.sinks.row.RiskMetric> rows = rows(stats(0, 3));

    assertThat(rows)
        .extracting(io.deepalpha.sinks.row.RiskMetric::getMetric)
        .containsExactly("quotes", "trades", "volume", "vwap");
    assertThat(rows)
        .extracting(io.deepalpha.sinks.row.RiskMetric::getValue)
        .containsExactly(0.0, 3.0, 1.5, 100_000.5);
  }

  private static MarketRiskStats stats(long quotes, long trades) {
    MarketRiskStats s = new MarketRiskStats();
    s.instrument = "BTC-USDT";
    s.venue = "OKX";
    s.windowStartMs = START_US / 1_000L;
    s.windowEndMs = START_US / 1_000L + 60_000L;
    s.quotes = quotes;
    s.trades = trades;
    s.volatilityBps = 9.0;
    s.volume = 1.5;
    s.vwap = 100_000.5;
    s.spreadBpsMin = 1.0;
    s.spreadBpsMedian = 2.0;
    s.spreadBpsP90 = 3.0;
    s.spreadBpsMax = 4.0;
    return s;
  }

  private static List<io.deepalpha.sinks.row.RiskMetric> rows(MarketRiskStats s) {
    List<io.deepalpha.sinks.row.RiskMetric> rows = new ArrayList<>();
    new MarketStatRows()
        .flatMap(
            s,
            new Collector<>() {
              @Override
              public void collect(io.deepalpha.sinks.row.RiskMetric record) {
                rows.add(record);
              }

              @Override
              public void close() {}
            });
    return rows;
  }
}
