package io.deepalpha.executor.metrics;

import io.deepalpha.executor.metrics.ExecutorCounters.Counter;
import io.deepalpha.executor.risk.RiskStates;
import io.deepalpha.model.event.RiskLevel;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.HdrHistogram.Histogram;

/**
 * Prometheus view of the executor: every {@link Counter} as {@code deepalpha_executor_<name>_total}
 * (read at scrape time, nothing is pushed from the hot path), the signal-to-wire latency quantiles
 * since start, and gauges registered by the parts that own them (orders in flight, publisher lag).
 */
public final class ExecutorMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExecutorCounters counters;
  private final Histogram total = new Histogram(3_600_000_000_000L, 3);
  private Histogram interval;

  public ExecutorMetrics(ExecutorCounters counters) {
    this.counters = counters;
    for (Counter c : Counter.values()) {
      CounterWithCallback.builder()
          .name("deepalpha_executor_" + c.name().toLowerCase(Locale.ROOT))
          .help("Executor count of " + c.name().toLowerCase(Locale.ROOT).replace('_', ' '))
          .callback(cb -> cb.call(counters.get(c)))
          .register(registry);
    }
    GaugeWithCallback.builder()
        .name("deepalpha_executor_signal_to_wire_seconds")
        .help(
            "Signal handed to the executor -> both legs written to the venue sockets, since start")
        .labelNames("quantile")
        .callback(
            cb -> {
              Histogram h = snapshot();
              for (double q : new double[] {0.5, 0.9, 0.99, 0.999, 1.0}) {
                cb.call(h.getValueAtPercentile(q * 100) / 1e9, Double.toString(q));
              }
            })
        .register(registry);
  }

  private synchronized Histogram snapshot() {
    interval = counters.signalToWire().getIntervalHistogram(interval);
    total.add(interval);
    return total.copy();
  }

  /** Registers a gauge read at scrape time. */
  public void gauge(String name, String help, DoubleSupplier value) {
    GaugeWithCallback.builder()
        .name("deepalpha_executor_" + name)
        .help(help)
        .callback(cb -> cb.call(value.getAsDouble()))
        .register(registry);
  }

  /** Registers a gauge with labels; {@code values} calls back once per label set at scrape time. */
  public void labeledGauge(
      String name, String help, String[] labelNames, Consumer<GaugeWithCallback.Callback> values) {
    GaugeWithCallback.builder()
        .name("deepalpha_executor_" + name)
        .help(help)
        .labelNames(labelNames)
        .callback(values)
        .register(registry);
  }

  /**
   * {@code deepalpha_executor_risk_state{scope,key}}: the risk.state level the executor obeys per
   * scope, 0 OK, 1 WARN, 2 HALT (HALT refuses every signal in that scope).
   */
  public void riskStates(RiskStates states) {
    labeledGauge(
        "risk_state",
        "risk.state level the executor obeys per scope and key: 0 OK, 1 WARN, 2 HALT",
        new String[] {"scope", "key"},
        cb ->
            states.forEachLevel(
                (scope, key, level) -> cb.call(levelValue(level), scope.name(), key)));
  }

  static double levelValue(RiskLevel level) {
    return switch (level) {
      case OK -> 0;
      case WARN -> 1;
      case HALT -> 2;
    };
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public ExecutorCounters counters() {
    return counters;
  }
}
