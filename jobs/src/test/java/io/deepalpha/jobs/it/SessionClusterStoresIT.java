package io.deepalpha.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.jobs.risk.RiskFixtures;
import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code risk-live} with {@code --postgres --influx} submitted to a session cluster with the Flink
 * CLI: the store settings come from the environment of {@code flink run} (where the job's main
 * checks them), the sinks run in a TaskManager that holds only Flink's jars and gets nothing from
 * that environment. A JDBC driver or InfluxDB client class missing from the jobs jar, or a setting
 * read again on the TaskManager, fails this test.
 */
@WithLocalStack
class SessionClusterStoresIT {
  private static final Path JOBS = Path.of("").toAbsolutePath();
  private static final Duration SUBMIT = Duration.ofSeconds(120);
  private static final Duration STORED = Duration.ofSeconds(90);

  @Test
  void riskLiveOnTheSessionClusterStoresItsTransitionsInPostgresAndItsMetricsInInfluxDb(
      StackEndpoints stack) throws Exception {
    StackEnv.migrate(stack);
    Path work = JOBS.resolve("target/it-flink-session-stores");
    // Event times of this run only (the stack's databases outlive runs): about two minutes ago,
    // on a 10 s boundary so that the 5 s window slides fall where RiskReplayTest has them.
    long baseUs = Math.floorDiv(System.currentTimeMillis() / 1_000L - 120L, 10L) * 10_000_000L;
    String from = Instant.ofEpochSecond(0, baseUs * 1_000L).toString();
    String to = Instant.ofEpochSecond(0, (baseUs + 90_000_000L) * 1_000L).toString();

    try (KafkaTestTopics kafka = new KafkaTestTopics(stack.kafkaBootstrap());
        StoreReader stored = new StoreReader(stack);
        FlinkSession flink = new FlinkSession(JOBS, work)) {
      Path jar = work.resolve("deepalpha-jobs.jar");
      Files.copy(SessionClusterIT.shadedJar(), jar, StandardCopyOption.REPLACE_EXISTING);
      // risk-live reads the contract's topics under their fixed names, from the earliest offset.
      kafka.emptyContractTopics(
          List.of(
              Topics.MD_QUOTES,
              Topics.MD_TRADES,
              Topics.EXEC_FILLS,
              Topics.CONFIG_INSTRUMENTS,
              Topics.CONFIG_STRATEGIES,
              Topics.CONFIG_RISK_LIMITS));
      Path config = work.resolve("trading.yaml");
      Files.writeString(config, SpreadFixtures.CONFIG_YAML);
      flink.start("--slots", "2", "--metrics-port", "off", "-D", "restart-strategy.type=none");

      String job =
          FlinkSession.jobId(
              flink.flink(
                  StackEnv.of(stack),
                  "run",
                  "-d",
                  "-c",
                  "io.deepalpha.jobs.cli.JobsCli",
                  jar.toString(),
                  "risk-live",
                  "--bootstrap-servers",
                  stack.kafkaBootstrap(),
                  "--group-id",
                  "session-stores-it-" + System.nanoTime(),
                  "--config",
                  config.toString(),
                  "--window-size-ms",
                  "10000",
                  "--window-slide-ms",
                  "5000",
                  "--watermark-bound-ms",
                  "20",
                  // md.quotes has 6 partitions and one instrument: the other five go idle.
                  "--idleness-ms",
                  "1000",
                  "--from-earliest",
                  "--postgres",
                  "--influx"));
      try {
        flink.awaitJobState(job, "RUNNING", SUBMIT);
        for (Quote q : swingsThenCalm(baseUs)) {
          kafka.send(Topics.MD_QUOTES.name(), q.getInstrument(), q);
        }

        // 0-10 s: mid 100 <-> 103 every second, ~296 bps per return against the 150 bps limit.
        List<Map<String, Object>> transitions =
            StoreReader.await(
                () ->
                    stored.rows(
                        "SELECT previous_level, level, metric FROM risk_events"
                            + " WHERE scope = 'INSTRUMENT' AND scope_key = 'BTC-USDT'"
                            + " AND event_time >= '"
                            + from
                            + "' AND event_time < '"
                            + to
                            + "' ORDER BY event_time"),
                r -> r.size() >= 2,
                STORED);
        assertThat(transitions)
            .extracting(r -> r.get("previous_level") + ">" + r.get("level") + ":" + r.get("metric"))
            .containsExactly("OK>HALT:volatility_bps", "HALT>OK:volatility_bps");

        String runWindow = " AND time >= '" + from + "' AND time < '" + to + "'";
        List<List<Object>> states =
            StoreReader.await(
                () ->
                    stored.influx(
                        "SELECT previous_level, level FROM risk_state"
                            + " WHERE scope_key = 'BTC-USDT'"
                            + runWindow),
                r -> r.size() >= 2,
                STORED);
        assertThat(states)
            .extracting(r -> r.get(1) + ">" + r.get(2))
            .containsExactly("OK>HALT", "HALT>OK");
        // Market windows of 10 s sliding by 5 s over quotes at 0..9 s and 30..59 s, stored at the
        // window end: 5, 10, 15 s, then 35..65 s. Realized volatility = sqrt(sum of squared mid
        // log-returns): 4, 9 and 4 returns of ln(103/100) in the first three, none after.
        String firstWindows =
            " AND time >= '"
                + from
                + "' AND time <= '"
                + Instant.ofEpochSecond(0, (baseUs + 65_000_000L) * 1_000L)
                + "'";
        List<List<Object>> volatility =
            StoreReader.await(
                () ->
                    stored.influx(
                        "SELECT volatility_bps FROM risk_metrics"
                            + " WHERE scope_key = 'BTC-USDT' AND venue = 'BINANCE'"
                            + firstWindows),
                r -> r.size() >= 10,
                STORED);
        double swing = Math.log(103.0 / 100.0) * 10_000.0;
        List<Double> expected =
            List.of(2 * swing, 3 * swing, 2 * swing, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        assertThat(volatility).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
          assertThat(((Number) volatility.get(i).get(1)).doubleValue())
              .as("window %d of %s", i, volatility)
              .isCloseTo(expected.get(i), within(1e-6));
        }
        assertThat(flink.rest("/jobs/" + job).path("state").asText()).isEqualTo("RUNNING");
      } finally {
        flink.flink("cancel", job);
      }
      for (String log : List.of("jobmanager.log", "taskmanager.log")) {
        assertThat(Files.readString(flink.logDir().resolve(log)))
            .as(log)
            .doesNotContain(Files.readString(stack.postgresPasswordFile()).trim())
            .doesNotContain(Files.readString(stack.influxPasswordFile()).trim());
      }
    }
  }

  /** RiskReplayTest's market from {@code baseUs}, then a quote at 75 s. */
  private static List<Quote> swingsThenCalm(long baseUs) {
    List<Quote> quotes = new ArrayList<>(RiskFixtures.swingsThenCalm(baseUs));
    quotes.add(RiskFixtures.binanceMid(baseUs, 75_000L, 75, 100));
    return quotes;
  }
}
