package io.deepalpha.sinks.influx;

import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Signal;
import io.deepalpha.sinks.influx.point.OrderLatencyPoints;
import io.deepalpha.sinks.influx.point.QuotePoints;
import io.deepalpha.sinks.influx.point.RiskMetricPoints;
import io.deepalpha.sinks.influx.point.RiskStatePoints;
import io.deepalpha.sinks.influx.point.SignalPoints;
import io.deepalpha.sinks.influx.point.SpreadStatPoints;
import io.deepalpha.sinks.row.RiskMetric;
import io.deepalpha.sinks.row.SpreadStat;
import java.util.Map;

/**
 * The InfluxDB sinks of the jobs, one per measurement:
 *
 * <pre>{@code
 * InfluxSinks influx = InfluxSinks.fromEnv();
 * quotes.sinkTo(influx.quotes()).uid("influx-quotes").name("InfluxDB quotes");
 * }</pre>
 */
public final class InfluxSinks {
  private final InfluxSettings settings;
  private final InfluxSinkOptions options;

  public InfluxSinks(InfluxSettings settings, InfluxSinkOptions options) {
    this.settings = settings;
    this.options = options;
  }

  public static InfluxSinks fromEnv() {
    Map<String, String> env = System.getenv();
    return new InfluxSinks(InfluxSettings.fromEnv(env), InfluxSinkOptions.fromEnv(env));
  }

  /** {@code quotes}, sampled per {@link InfluxSinkOptions#quoteSampleMs()}. */
  public InfluxSink<Quote> quotes() {
    return new InfluxSink<>(settings, options, new QuotePoints(options.quoteSampleMs()));
  }

  /** {@code spreads}: SpreadJob's per-interval pair statistics. */
  public InfluxSink<SpreadStat> spreadStats() {
    return new InfluxSink<>(settings, options, new SpreadStatPoints());
  }

  /** {@code opportunities}: one point per signal. */
  public InfluxSink<Signal> signals() {
    return new InfluxSink<>(settings, options, new SignalPoints());
  }

  /** {@code risk_state}: level transitions. */
  public InfluxSink<RiskState> riskStates() {
    return new InfluxSink<>(settings, options, new RiskStatePoints());
  }

  /** {@code risk_metrics}: window metrics. */
  public InfluxSink<RiskMetric> riskMetrics() {
    return new InfluxSink<>(settings, options, new RiskMetricPoints());
  }

  /**
   * Checks that InfluxDB answers with these credentials and that the database and retention policy
   * exist (creating them when {@link InfluxSettings#createIfAbsent()}); throws {@link
   * InfluxWriteException} naming the URL and what is wrong. For a job's {@code main}: fail before
   * submitting instead of at the first writer.
   */
  public void verify() {
    InfluxHttpTarget.open(settings).close();
  }

  /** {@code order_latency}: signal-to-status latency of each order step. */
  public InfluxSink<Order> orderLatency() {
    return new InfluxSink<>(settings, options, new OrderLatencyPoints());
  }
}
