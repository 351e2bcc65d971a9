package io.deepalpha.sinks.postgres;

import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Signal;
import io.deepalpha.sinks.postgres.statement.FillStatement;
import io.deepalpha.sinks.postgres.statement.LateEventStatement;
import io.deepalpha.sinks.postgres.statement.OrderStatement;
import io.deepalpha.sinks.postgres.statement.RiskEventStatement;
import io.deepalpha.sinks.postgres.statement.SignalStatement;
import io.deepalpha.sinks.postgres.statement.SpreadStatStatement;
import io.deepalpha.sinks.row.LateEvent;
import io.deepalpha.sinks.row.SpreadStat;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL sinks of the jobs, one per table:
 *
 * <pre>{@code
 * PostgresSinks pg = PostgresSinks.fromEnv();
 * pg.verifyAll();                               // optional: fail in main() before submitting
 * signals.sinkTo(pg.signals()).uid("pg-signals").name("PostgreSQL signals");
 * }</pre>
 */
public final class PostgresSinks {
  private final PostgresSettings settings;
  private final PostgresSinkOptions options;

  public PostgresSinks(PostgresSettings settings, PostgresSinkOptions options) {
    this.settings = settings;
    this.options = options;
  }

  /** Connection and batching from the process environment (see the two settings classes). */
  public static PostgresSinks fromEnv() {
    Map<String, String> env = System.getenv();
    return new PostgresSinks(PostgresSettings.fromEnv(env), PostgresSinkOptions.fromEnv(env));
  }

  public PostgresSink<Signal> signals() {
    return new PostgresSink<>(settings, options, new SignalStatement());
  }

  public PostgresSink<Order> orders() {
    return new PostgresSink<>(settings, options, new OrderStatement());
  }

  public PostgresSink<Fill> fills() {
    return new PostgresSink<>(settings, options, new FillStatement());
  }

  public PostgresSink<RiskState> riskEvents() {
    return new PostgresSink<>(settings, options, new RiskEventStatement());
  }

  public PostgresSink<SpreadStat> spreadStats() {
    return new PostgresSink<>(settings, options, new SpreadStatStatement());
  }

  public PostgresSink<LateEvent> lateEvents() {
    return new PostgresSink<>(settings, options, new LateEventStatement());
  }

  /** Checks every table of every sink; throws naming the first thing missing. */
  public void verifyAll() {
    for (PostgresSink<?> sink :
        List.of(signals(), orders(), fills(), riskEvents(), spreadStats(), lateEvents())) {
      sink.verify();
    }
  }
}
