package io.deepalpha.jobs.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.jobs.config.ConfigBroadcast;
import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.model.event.ChangeOp;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.RiskLevel;
import io.deepalpha.model.event.RiskState;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Limits of the fixture config: INSTRUMENT BTC-USDT volatility_bps warn 50, halt 150. Transitions
 * are emitted on change only.
 */
class RiskLimitFunctionTest {

  private static RiskMetric vol(String venue, double value) {
    return RiskMetric.of("INSTRUMENT", "BTC-USDT", "volatility_bps", venue, value, 1_000L);
  }

  @Test
  void levelsChangeOnlyWhenALimitIsCrossedAndTheWorstVenueDecides() throws Exception {
    try (var h = harness()) {
      h.processElement(vol("BINANCE", 10), 0); // OK, no change
      h.processElement(vol("BINANCE", 50), 0); // = warn -> WARN
      h.processElement(vol("BINANCE", 60), 0); // still WARN, nothing
      h.processElement(vol("OKX", 150), 0); // OKX = halt -> HALT
      h.processElement(vol("BINANCE", 0), 0); // BINANCE OK, OKX still HALT: nothing
      h.processElement(vol("OKX", 49.9), 0); // all OK -> OK

      assertThat(h.extractOutputValues())
          .extracting(RiskState::getPreviousLevel, RiskState::getLevel)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(RiskLevel.OK, RiskLevel.WARN),
              org.assertj.core.groups.Tuple.tuple(RiskLevel.WARN, RiskLevel.HALT),
              org.assertj.core.groups.Tuple.tuple(RiskLevel.HALT, RiskLevel.OK));
      RiskState halt = h.extractOutputValues().get(1);
      assertThat(halt.getReason()).isEqualTo("volatility_bps 150.0000 >= halt 150.0000 (OKX)");
      assertThat(halt.getLimit()).isEqualTo(150.0);
      assertThat(halt.getScopeKey()).isEqualTo("BTC-USDT");
      assertThat(stateEntries(h)).isZero();
    }
  }

  @Test
  void liveLimitChangeAppliesToTheNextMetric() throws Exception {
    try (var h = harness()) {
      h.processElement(vol("BINANCE", 40), 0);
      h.processBroadcastElement(
          ConfigChange.newBuilder()
              .setTable("risk_limits")
              .setKey("INSTRUMENT|BTC-USDT|volatility_bps")
              .setOp(ChangeOp.UPDATE)
              .setAfter(
                  Map.of(
                      "scope", "INSTRUMENT",
                      "scope_key", "BTC-USDT",
                      "metric", "volatility_bps",
                      "warn_value", "30.000000000000000000",
                      "halt_value", "150.000000000000000000"))
              .setVersion(77L)
              .setCommitTimeUs(0L)
              .build(),
          0);
      h.processElement(vol("BINANCE", 40), 0);

      assertThat(h.extractOutputValues())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getLevel()).isEqualTo(RiskLevel.WARN);
                assertThat(s.getConfigVersion()).isEqualTo(77L);
              });
    }
  }

  private static KeyedBroadcastOperatorTestHarness<String, RiskMetric, ConfigChange, RiskState>
      harness() throws Exception {
    var h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new RiskLimitFunction(SpreadFixtures.config()),
            new RiskJob.StateKey(),
            Types.STRING,
            ConfigBroadcast.ROWS);
    h.processBroadcastWatermark(Long.MAX_VALUE);
    return h;
  }

  static int stateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
    AbstractStreamOperator<?> op = (AbstractStreamOperator<?>) h.getTwoInputOperator();
    return ((HeapKeyedStateBackend<?>) op.getKeyedStateBackend()).numKeyValueStateEntries();
  }
}
