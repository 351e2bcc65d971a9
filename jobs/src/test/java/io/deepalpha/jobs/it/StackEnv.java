package io.deepalpha.jobs.it;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.sinks.postgres.migration.Migrations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The local stack as the environment of a live command (what bin/deepalpha run sets). */
final class StackEnv {
  private StackEnv() {}

  static Map<String, String> of(StackEndpoints stack) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrap());
    env.put("POSTGRES_JDBC_URL", stack.postgresJdbcUrl());
    env.put("POSTGRES_USER", stack.postgresUser());
    env.put("POSTGRES_PASSWORD_FILE", stack.postgresPasswordFile().toString());
    env.put("INFLUX_URL", stack.influxUrl());
    env.put("INFLUX_DATABASE", stack.influxDatabase());
    env.put("INFLUX_USER", stack.influxUser());
    env.put("INFLUX_PASSWORD_FILE", stack.influxPasswordFile().toString());
    return env;
  }

  /** Applies the sinks' migrations (idempotent), as an operator does before the first start. */
  static void migrate(StackEndpoints stack) {
    StringWriter out = new StringWriter();
    int exit = Migrations.run(of(stack), new PrintWriter(out, true), "migrate");
    if (exit != 0) {
      throw new IllegalStateException("migrate failed (" + exit + "): " + out);
    }
  }
}
