package io.deepalpha.jobs.risk;

import io.deepalpha.jobs.config.ConfigBroadcast;
import io.deepalpha.jobs.config.ConfigException;
import io.deepalpha.jobs.config.RiskLimit;
import io.deepalpha.jobs.config.TradingConfig;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.RiskLevel;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.RiskState;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns risk metrics into {@code risk.state} transitions, keyed by {@code scope:scopeKey}. Each
 * metric (per source, e.g. per venue) has a level from its limit row: value &gt;= halt is HALT,
 * &gt;= warn is WARN. The scope's level is the worst of them; a {@link RiskState} is emitted only
 * when that level changes. State exit: metrics back at OK are removed, and a scope at OK holds
 * nothing.
 */
public final class RiskLimitFunction
    extends KeyedBroadcastProcessFunction<String, RiskMetric, ConfigChange, RiskState> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RiskLimitFunction.class);

  private final TradingConfig defaults;

  private transient TradingConfig config;
  private transient MapState<String, Integer> levels;
  private transient ValueState<Integer> published;
  private transient Counter rejectedConfig;

  public RiskLimitFunction(TradingConfig defaults) {
    this.defaults = defaults;
  }

  @Override
  public void open(OpenContext openContext) {
    levels =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("metric-levels", Types.STRING, Types.INT));
    published =
        getRuntimeContext().getState(new ValueStateDescriptor<>("published-level", Types.INT));
    rejectedConfig = getRuntimeContext().getMetricGroup().counter("deepalpha_config_rejected");
  }

  @Override
  public void processElement(RiskMetric m, ReadOnlyContext ctx, Collector<RiskState> out)
      throws Exception {
    if (config == null) {
      config = ConfigBroadcast.rebuild(defaults, ctx.getBroadcastState(ConfigBroadcast.ROWS));
    }
    RiskLimit limit = limitOf(m);
    RiskLevel level = levelOf(m.value, limit);
    String metricKey = m.metric + '@' + m.source;
    if (level == RiskLevel.OK) {
      levels.remove(metricKey);
    } else {
      levels.put(metricKey, level.ordinal());
    }
    RiskLevel worst = RiskLevel.OK;
    for (Map.Entry<String, Integer> e : levels.entries()) {
      worst = RiskLevel.values()[Math.max(worst.ordinal(), e.getValue())];
    }
    Integer before = published.value();
    RiskLevel previous = before == null ? RiskLevel.OK : RiskLevel.values()[before];
    if (worst == previous) {
      return;
    }
    if (worst == RiskLevel.OK) {
      published.clear();
    } else {
      published.update(worst.ordinal());
    }
    out.collect(
        RiskState.newBuilder()
            .setScope(RiskScope.valueOf(m.scope))
            .setScopeKey(m.scopeKey)
            .setLevel(worst)
            .setPreviousLevel(previous)
            .setReason(reason(m, level, limit, worst))
            .setMetric(m.metric)
            .setValue(m.value)
            .setLimit(
                limit == null ? Double.NaN : level == RiskLevel.HALT ? limit.halt() : limit.warn())
            .setEventTimeUs(m.eventTimeUs)
            .setConfigVersion(config.version())
            .build());
  }

  @Override
  public void processBroadcastElement(ConfigChange change, Context ctx, Collector<RiskState> out)
      throws Exception {
    if (config == null) {
      config = ConfigBroadcast.rebuild(defaults, ctx.getBroadcastState(ConfigBroadcast.ROWS));
    }
    try {
      config = ConfigBroadcast.accept(config, change, ctx.getBroadcastState(ConfigBroadcast.ROWS));
    } catch (ConfigException e) {
      rejectedConfig.inc();
      LOG.error("Config change refused, keeping version {}: {}", config.version(), e.getMessage());
    }
  }

  private RiskLimit limitOf(RiskMetric m) {
    for (RiskLimit limit : config.riskLimits()) {
      if (limit.scope().name().equals(m.scope)
          && limit.scopeKey().equals(m.scopeKey)
          && limit.metric().equals(m.metric)) {
        return limit;
      }
    }
    return null;
  }

  static RiskLevel levelOf(double value, RiskLimit limit) {
    if (limit == null) {
      return RiskLevel.OK;
    }
    if (value >= limit.halt()) {
      return RiskLevel.HALT;
    }
    return value >= limit.warn() ? RiskLevel.WARN : RiskLevel.OK;
  }

  private static String reason(RiskMetric m, RiskLevel level, RiskLimit limit, RiskLevel worst) {
    if (worst == RiskLevel.OK) {
      return String.format(
          Locale.ROOT, "all metrics within limits (%s %.4f at %s)", m.metric, m.value, m.source);
    }
    if (level == worst && limit != null) {
      return String.format(
          Locale.ROOT,
          "%s %.4f >= %s %.4f (%s)",
          m.metric,
          m.value,
          level == RiskLevel.HALT ? "halt" : "warn",
          level == RiskLevel.HALT ? limit.halt() : limit.warn(),
          m.source);
    }
    return String.format(
        Locale.ROOT,
        "%s %.4f back under its limit; other metrics still %s",
        m.metric,
        m.value,
        worst);
  }
}
