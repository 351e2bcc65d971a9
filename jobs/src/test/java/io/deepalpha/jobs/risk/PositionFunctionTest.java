package io.deepalpha.jobs.risk;

import static io.deepalpha.jobs.risk.RiskFixtures.BEGINNING_MS;
import static io.deepalpha.jobs.risk.RiskFixtures.fill;
import static io.deepalpha.jobs.risk.RiskFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.Venue;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class PositionFunctionTest {

  @Test
  void positionPnlDrawdownAndExposureByHand() throws Exception {
    try (var h = harness()) {
      // buy 0.05 @ 100 on BINANCE (fee 0.01), mark at mid 90: unrealized -0.5, loss 0.51
      h.processElement1(fill(Venue.BINANCE, 0, Side.BUY, 100, 0.05, 0.01), BEGINNING_MS);
      h.processElement2(quote(Venue.BINANCE, 10, 1, 89.99, 90.01), BEGINNING_MS + 10);
      List<RiskMetric> afterMark = metrics(h);
      assertThat(value(afterMark, "INSTRUMENT", "position")).isCloseTo(0.05, within(1e-12));
      assertThat(value(afterMark, "VENUE", "exposure")).isCloseTo(4.5, within(1e-9));
      assertThat(value(afterMark, "GLOBAL", "loss")).isCloseTo(0.51, within(1e-9));
      // peak was 0 after the fill (PnL -0.01 then -0.51): drawdown 0.51
      assertThat(value(afterMark, "STRATEGY", "drawdown")).isCloseTo(0.51, within(1e-9));

      // sell 0.05 @ 110: realized 0.05 * 10 = 0.5, fees 0.02 in total: PnL 0.48, flat
      h.processElement1(fill(Venue.BINANCE, 20, Side.SELL, 110, 0.05, 0.01), BEGINNING_MS + 20);
      List<RiskMetric> flat = metrics(h);
      assertThat(value(flat, "INSTRUMENT", "position")).isZero();
      assertThat(value(flat, "GLOBAL", "exposure")).isZero();
      assertThat(value(flat, "VENUE", "exposure")).isZero();
      assertThat(value(flat, "GLOBAL", "loss")).isZero();
      assertThat(value(flat, "STRATEGY", "drawdown")).isZero(); // new peak 0.48
    }
  }

  @Test
  void quotesEmitAtMostOncePerMarkIntervalButEveryQuoteMovesThePeak() throws Exception {
    try (var h = harness()) {
      h.processElement1(fill(Venue.BINANCE, 0, Side.BUY, 100, 1, 0), BEGINNING_MS);
      int afterFill = metrics(h).size();
      // mids 101 (emitted), 105 (100 ms later: thinned, but a new peak of 5), 99 (260 ms: emitted)
      h.processElement2(quote(Venue.BINANCE, 10, 1, 100.99, 101.01), BEGINNING_MS + 10);
      int afterFirstQuote = metrics(h).size();
      h.processElement2(quote(Venue.BINANCE, 110, 2, 104.99, 105.01), BEGINNING_MS + 110);
      assertThat(metrics(h)).hasSize(afterFirstQuote);
      h.processElement2(quote(Venue.BINANCE, 260, 3, 98.99, 99.01), BEGINNING_MS + 260);
      List<RiskMetric> all = metrics(h);

      assertThat(afterFirstQuote).isGreaterThan(afterFill);
      assertThat(all.size() - afterFirstQuote).isEqualTo(afterFirstQuote - afterFill);
      // PnL -1 at mid 99, peak +5 at mid 105 although no metric was emitted there
      assertThat(value(all, "STRATEGY", "drawdown")).isCloseTo(6.0, within(1e-9));
      assertThat(value(all, "GLOBAL", "loss")).isCloseTo(1.0, within(1e-9));
      // a fill always emits
      h.processElement1(fill(Venue.BINANCE, 270, Side.SELL, 99, 1, 0), BEGINNING_MS + 270);
      assertThat(metrics(h).size()).isGreaterThan(all.size());
    }
  }

  @Test
  void flatPositionsLeaveAndTheDaysPnlIsClearedAtMidnight() throws Exception {
    try (var h = harness()) {
      h.processElement1(fill(Venue.OKX, 0, Side.SELL, 100, 0.02, 0), BEGINNING_MS);
      h.processElement1(fill(Venue.OKX, 5, Side.BUY, 100, 0.02, 0), BEGINNING_MS + 5);
      assertThat(h.numKeyedStateEntries()).isEqualTo(1); // the day's PnL
      assertThat(h.numEventTimeTimers()).isEqualTo(1);

      h.processWatermark1(
          new org.apache.flink.streaming.api.watermark.Watermark(BEGINNING_MS + 86_400_000L));
      h.processWatermark2(
          new org.apache.flink.streaming.api.watermark.Watermark(BEGINNING_MS + 86_400_000L));

      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  private static List<RiskMetric> metrics(
      KeyedTwoInputStreamOperatorTestHarness<String, Fill, Quote, RiskMetric> h) {
    return h.extractOutputValues();
  }

  /** The last value emitted for a scope and metric. */
  private static double value(List<RiskMetric> metrics, String scope, String metric) {
    RiskMetric last = null;
    for (RiskMetric m : metrics) {
      if (m.scope.equals(scope) && m.metric.equals(metric)) {
        last = m;
      }
    }
    assertThat(last).as(scope + " " + metric).isNotNull();
    return last.value;
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, Fill, Quote, RiskMetric> harness()
      throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
        new PositionFunction(),
        new RiskJob.ConstantKey<Fill>("xarb"),
        new RiskJob.ConstantKey<Quote>("xarb"),
        Types.STRING);
  }
}
