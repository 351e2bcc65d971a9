package io.deepalpha.jobs.store;

import io.deepalpha.jobs.risk.RiskJob;
import io.deepalpha.jobs.spread.SpreadJob;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.Quote;
import io.deepalpha.sinks.influx.InfluxSettings;
import io.deepalpha.sinks.influx.InfluxSinkOptions;
import io.deepalpha.sinks.influx.InfluxSinks;
import io.deepalpha.sinks.postgres.PostgresSettings;
import io.deepalpha.sinks.postgres.PostgresSinkOptions;
import io.deepalpha.sinks.postgres.PostgresSinks;
import io.deepalpha.sinks.row.RiskMetric;
import io.deepalpha.sinks.row.SpreadStat;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where the live jobs store their results besides Kafka: PostgreSQL ({@link PostgresSinks}),
 * InfluxDB ({@link InfluxSinks}), either, both or neither. Attaches the sinks to a job's output
 * streams, each with a fixed uid (part of the savepoint format, like the jobs' own; {@link #UIDS}
 * holds them all).
 *
 * <p>What goes where (see sinks/README.md): signals to {@code signals} and {@code opportunities};
 * spread statistics to {@code spread_stats} and {@code spreads}; late events to {@code
 * late_events}; risk.state transitions to {@code risk_events} and {@code risk_state}; risk metrics
 * and market window statistics to {@code risk_metrics}; orders to {@code orders} and {@code
 * order_latency}; fills to {@code fills}; quotes (sampled) to {@code quotes}.
 */
public final class ResultStores {
  public static final String SPREAD_PG_SIGNALS = "spread-pg-signals";
  public static final String SPREAD_INFLUX_OPPORTUNITIES = "spread-influx-opportunities";
  public static final String SPREAD_STAT_ROWS = "spread-stat-rows";
  public static final String SPREAD_PG_STATS = "spread-pg-spread-stats";
  public static final String SPREAD_INFLUX_SPREADS = "spread-influx-spreads";
  public static final String SPREAD_LATE_ROWS = "spread-late-rows";
  public static final String SPREAD_PG_LATE = "spread-pg-late-events";
  public static final String RISK_PG_EVENTS = "risk-pg-risk-events";
  public static final String RISK_INFLUX_STATE = "risk-influx-risk-state";
  public static final String RISK_METRIC_ROWS = "risk-metric-rows";
  public static final String RISK_MARKET_STAT_ROWS = "risk-market-stat-rows";
  public static final String RISK_INFLUX_METRICS = "risk-influx-risk-metrics";
  public static final String RISK_LATE_ROWS = "risk-late-rows";
  public static final String RISK_PG_LATE = "risk-pg-late-events";
  public static final String EXEC_PG_ORDERS = "exec-pg-orders";
  public static final String EXEC_PG_FILLS = "exec-pg-fills";
  public static final String EXEC_INFLUX_ORDER_LATENCY = "exec-influx-order-latency";
  public static final String MARKET_INFLUX_QUOTES = "market-influx-quotes";

  /** Every uid this class may add. Never change or reuse one. */
  public static final List<String> UIDS =
      List.of(
          SPREAD_PG_SIGNALS,
          SPREAD_INFLUX_OPPORTUNITIES,
          SPREAD_STAT_ROWS,
          SPREAD_PG_STATS,
          SPREAD_INFLUX_SPREADS,
          SPREAD_LATE_ROWS,
          SPREAD_PG_LATE,
          RISK_PG_EVENTS,
          RISK_INFLUX_STATE,
          RISK_METRIC_ROWS,
          RISK_MARKET_STAT_ROWS,
          RISK_INFLUX_METRICS,
          RISK_LATE_ROWS,
          RISK_PG_LATE,
          EXEC_PG_ORDERS,
          EXEC_PG_FILLS,
          EXEC_INFLUX_ORDER_LATENCY,
          MARKET_INFLUX_QUOTES);

  private final PostgresSinks postgres;
  private final InfluxSinks influx;

  /** {@code null} for a store that is off. */
  public ResultStores(PostgresSinks postgres, InfluxSinks influx) {
    this.postgres = postgres;
    this.influx = influx;
  }

  public static ResultStores none() {
    return new ResultStores(null, null);
  }

  /**
   * The stores switched on, connection settings from the environment ({@code POSTGRES_*}, {@code
   * INFLUX_*}); a missing or bad setting throws {@link IllegalArgumentException} naming the key.
   */
  public static ResultStores fromEnv(Map<String, String> env, boolean postgres, boolean influx) {
    return new ResultStores(
        postgres
            ? new PostgresSinks(PostgresSettings.fromEnv(env), PostgresSinkOptions.fromEnv(env))
            : null,
        influx
            ? new InfluxSinks(InfluxSettings.fromEnv(env), InfluxSinkOptions.fromEnv(env))
            : null);
  }

  public boolean any() {
    return postgres != null || influx != null;
  }

  public boolean postgres() {
    return postgres != null;
  }

  public boolean influx() {
    return influx != null;
  }

  /**
   * Fails before the job starts when a store is unreachable or its schema is missing: every
   * PostgreSQL table with its columns, the InfluxDB database and retention policy (created when
   * absent and allowed). The exception names the URL and the table or database.
   */
  public void verify() {
    if (postgres != null) {
      postgres.verifyAll();
    }
    if (influx != null) {
      influx.verify();
    }
  }

  public void attach(SpreadJob.Outputs out) {
    if (postgres != null) {
      out.signals().sinkTo(postgres.signals()).uid(SPREAD_PG_SIGNALS).name("PostgreSQL signals");
    }
    if (influx != null) {
      out.signals()
          .sinkTo(influx.signals())
          .uid(SPREAD_INFLUX_OPPORTUNITIES)
          .name("InfluxDB opportunities");
    }
    if (!any()) {
      return;
    }
    DataStream<SpreadStat> stats =
        out.stats().map(new SpreadStatRows()).uid(SPREAD_STAT_ROWS).name("spread stat rows");
    if (postgres != null) {
      stats.sinkTo(postgres.spreadStats()).uid(SPREAD_PG_STATS).name("PostgreSQL spread_stats");
      out.late()
          .map(new LateEventRows())
          .uid(SPREAD_LATE_ROWS)
          .name("late quote rows")
          .sinkTo(postgres.lateEvents())
          .uid(SPREAD_PG_LATE)
          .name("PostgreSQL late_events");
    }
    if (influx != null) {
      stats.sinkTo(influx.spreadStats()).uid(SPREAD_INFLUX_SPREADS).name("InfluxDB spreads");
    }
  }

  public void attach(RiskJob.Outputs out) {
    if (postgres != null) {
      out.states().sinkTo(postgres.riskEvents()).uid(RISK_PG_EVENTS).name("PostgreSQL risk_events");
      out.late()
          .map(new LateEventRows())
          .uid(RISK_LATE_ROWS)
          .name("late market rows")
          .sinkTo(postgres.lateEvents())
          .uid(RISK_PG_LATE)
          .name("PostgreSQL late_events");
    }
    if (influx != null) {
      out.states().sinkTo(influx.riskStates()).uid(RISK_INFLUX_STATE).name("InfluxDB risk_state");
      DataStream<RiskMetric> limitMetrics =
          out.metrics().map(new RiskMetricRows()).uid(RISK_METRIC_ROWS).name("risk metric rows");
      DataStream<RiskMetric> windowStats =
          out.marketStats()
              .flatMap(new MarketStatRows())
              .uid(RISK_MARKET_STAT_ROWS)
              .name("market stat rows");
      limitMetrics
          .union(windowStats)
          .sinkTo(influx.riskMetrics())
          .uid(RISK_INFLUX_METRICS)
          .name("InfluxDB risk_metrics");
    }
  }

  /** Orders and fills of the executor (exec.orders, exec.fills). */
  public void attachExecution(DataStream<Order> orders, DataStream<Fill> fills) {
    if (postgres != null) {
      orders.sinkTo(postgres.orders()).uid(EXEC_PG_ORDERS).name("PostgreSQL orders");
      fills.sinkTo(postgres.fills()).uid(EXEC_PG_FILLS).name("PostgreSQL fills");
    }
    if (influx != null) {
      orders
          .sinkTo(influx.orderLatency())
          .uid(EXEC_INFLUX_ORDER_LATENCY)
          .name("InfluxDB order_latency");
    }
  }

  /**
   * Quotes, sampled by the InfluxDB sink. Keyed by instrument first: the sampler needs every quote
   * of a venue and instrument in one subtask, in order.
   */
  public void attachQuotes(DataStream<Quote> quotes) {
    if (influx != null) {
      quotes
          .keyBy(new SpreadJob.InstrumentOf())
          .sinkTo(influx.quotes())
          .uid(MARKET_INFLUX_QUOTES)
          .name("InfluxDB quotes");
    }
  }
}
