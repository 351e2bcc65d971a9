package io.deepalpha.jobs.store;

import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.Quote;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Stores what the executor publishes and a sample of the market: {@code exec.orders} to PostgreSQL
 * {@code orders} and InfluxDB {@code order_latency}, {@code exec.fills} to {@code fills}, {@code
 * md.quotes} to InfluxDB {@code quotes} (sampled by the sink). No event time: every record is
 * stored as it comes, idempotently on its natural key. The uids below never change once released.
 */
public final class ExecutionResultsJob {
  public static final String ORDERS_SOURCE = "exec-orders-source";
  public static final String FILLS_SOURCE = "exec-fills-source";
  public static final String QUOTES_SOURCE = "market-quotes-source";

  /** Source uids; the sinks' are in {@link ResultStores#UIDS}. */
  public static final List<String> UIDS = List.of(ORDERS_SOURCE, FILLS_SOURCE, QUOTES_SOURCE);

  private final Source<Order, ?, ?> orders;
  private final Source<Fill, ?, ?> fills;
  private final Source<Quote, ?, ?> quotes;
  private final ResultStores stores;

  public ExecutionResultsJob(
      Source<Order, ?, ?> orders,
      Source<Fill, ?, ?> fills,
      Source<Quote, ?, ?> quotes,
      ResultStores stores) {
    this.orders = orders;
    this.fills = fills;
    this.quotes = quotes;
    this.stores = stores;
  }

  /** Adds the job to {@code env}; nothing when no store is on (the sources would feed nothing). */
  public void build(StreamExecutionEnvironment env) {
    if (!stores.any()) {
      return;
    }
    // A source no sink reads (fills without PostgreSQL) is not part of the job graph.
    stores.attachExecution(
        env.fromSource(orders, WatermarkStrategy.noWatermarks(), "exec.orders").uid(ORDERS_SOURCE),
        env.fromSource(fills, WatermarkStrategy.noWatermarks(), "exec.fills").uid(FILLS_SOURCE));
    if (stores.influx()) {
      stores.attachQuotes(
          env.fromSource(quotes, WatermarkStrategy.noWatermarks(), "md.quotes (sample)")
              .uid(QUOTES_SOURCE));
    }
  }
}
