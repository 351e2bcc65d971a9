package io.deepalpha.executor.metrics;

import static io.deepalpha.executor.risk.Fixtures.LIMITS;
import static io.deepalpha.executor.risk.Fixtures.NOW_US;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.executor.config.FsyncPolicy;
import io.deepalpha.executor.config.LegFailurePolicy;
import io.deepalpha.executor.core.ExecutionEngine;
import io.deepalpha.executor.journal.Journal;
import io.deepalpha.executor.metrics.ExecutorCounters.Counter;
import io.deepalpha.executor.risk.Books;
import io.deepalpha.executor.risk.Fixtures;
import io.deepalpha.executor.risk.LiveConfig;
import io.deepalpha.executor.venue.paper.PaperGateway;
import io.deepalpha.model.event.RiskLevel;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RiskStateGaugeTest {
  @TempDir Path dir;

  @Test
  void riskStateGaugeShowsTheLevelTheEngineObeysPerScopeAndKey() throws Exception {
    Books books = Fixtures.books();
    LiveConfig config = new LiveConfig(10);
    ExecutorCounters counters = new ExecutorCounters();
    try (Journal journal = Journal.open(dir, 1 << 20)) {
      ExecutionEngine engine =
          new ExecutionEngine(
              TradingMode.PAPER,
              InstrumentRegistry.loadDefault(),
              books,
              config,
              LIMITS,
              journal,
              FsyncPolicy.NONE,
              LegFailurePolicy.HOLD,
              50,
              64,
              counters);
      engine.addGateway(new PaperGateway(Venue.BINANCE, books, config, 1_000_000L, 64));
      engine.addGateway(new PaperGateway(Venue.OKX, books, config, 1_000_000L, 64));
      ExecutorMetrics metrics = new ExecutorMetrics(counters);
      metrics.riskStates(engine.riskStates());
      assertThat(riskLines(metrics))
          .containsExactly("deepalpha_executor_risk_state{key=\"*\",scope=\"GLOBAL\"} 0.0");

      engine.onRiskState(Fixtures.risk(RiskScope.GLOBAL, "*", RiskLevel.WARN));
      engine.onRiskState(Fixtures.risk(RiskScope.INSTRUMENT, "BTC-USDT", RiskLevel.HALT));
      engine.onRiskState(Fixtures.risk(RiskScope.VENUE, "OKX", RiskLevel.OK));
      engine.onRiskState(Fixtures.risk(RiskScope.VENUE, "NOT-A-VENUE", RiskLevel.HALT));
      assertThat(riskLines(metrics))
          .containsExactlyInAnyOrder(
              "deepalpha_executor_risk_state{key=\"*\",scope=\"GLOBAL\"} 1.0",
              "deepalpha_executor_risk_state{key=\"BTC-USDT\",scope=\"INSTRUMENT\"} 2.0",
              "deepalpha_executor_risk_state{key=\"OKX\",scope=\"VENUE\"} 0.0");

      // The gauge says HALT and the engine refuses: the same state.
      Fixtures.quoteBoth(books, NOW_US);
      engine.onSignal(Fixtures.signal("halted"), 1_000L, NOW_US);
      assertThat(counters.get(Counter.SIGNALS_REJECTED)).isEqualTo(1);

      engine.onRiskState(Fixtures.risk(RiskScope.INSTRUMENT, "BTC-USDT", RiskLevel.OK));
      assertThat(riskLines(metrics))
          .contains("deepalpha_executor_risk_state{key=\"BTC-USDT\",scope=\"INSTRUMENT\"} 0.0");
    }
  }

  private static List<String> riskLines(ExecutorMetrics metrics) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
    return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(l -> l.startsWith("deepalpha_executor_risk_state{"))
        .toList();
  }
}
