package io.deepalpha.ingest.cdc;

import static io.deepalpha.ingest.cdc.LiveConfigTables.XARB_BTC;
import static io.deepalpha.ingest.cdc.LiveConfigTables.dropSlot;
import static io.deepalpha.ingest.cdc.LiveConfigTables.execute;
import static io.deepalpha.ingest.cdc.LiveConfigTables.uniqueDecimal;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.LocalStack;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.ingest.IngestProcess;
import io.deepalpha.ingest.cdc.ConfigTopicsReader.Received;
import io.deepalpha.model.event.ChangeOp;
import io.deepalpha.model.topic.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest cdc} (its own JVM) during a Kafka outage: /ready turns 503 naming Kafka; with a
 * short {@code --kafka-outage-limit} it exits 1 with a line naming the outage; after Kafka and the
 * CDC restart, the change made during the outage arrives exactly as PostgreSQL holds it (its
 * offsets had not advanced past it).
 */
@WithLocalStack
class CdcKafkaOutageIT {
  private static final Duration START = Duration.ofSeconds(120);
  private static final long LIMIT_SECONDS = 15;

  @TempDir Path dir;

  @BeforeAll
  static void migrate(StackEndpoints stack) {
    LiveConfigTables.migrate(stack);
  }

  @Test
  void aKafkaOutageBeyondTheLimitExits1AndTheRestartPublishesTheChangeMadeDuringIt(
      StackEndpoints endpoints, LocalStack stack) throws Exception {
    String slot = "it_cdc_outage_" + Long.toHexString(System.nanoTime());
    String streamed = uniqueDecimal();
    String duringOutage = uniqueDecimal();
    while (duringOutage.equals(streamed)) {
      duringOutage = uniqueDecimal();
    }
    try {
      int port = IngestProcess.freePort();
      try (IngestProcess cdc = start(endpoints, slot, port, "first.log", LIMIT_SECONDS)) {
        HttpResponse<String> ready = cdc.await("/ready", r -> r.statusCode() == 200, START);
        assertThat(ready.body())
            .isEqualTo(
                "{\"status\":\"READY\",\"service\":\"ingest cdc\","
                    + "\"checks\":{\"engine\":\"ok\",\"kafka\":\"ok\"}}");
        // Streaming (past its first snapshot): a change arrives, its offsets are written.
        try (ConfigTopicsReader reader = new ConfigTopicsReader(endpoints.kafkaBootstrap())) {
          execute(endpoints, "UPDATE strategies SET min_edge_bps = " + streamed + " " + XARB_BTC);
          reader.await(r -> hasEdge(r, streamed), START);
        }

        long stoppedAt = System.nanoTime();
        stack.stop(LocalStack.Service.KAFKA);
        HttpResponse<String> down =
            cdc.await("/ready", r -> r.statusCode() == 503, Duration.ofSeconds(30));
        assertThat(down.body())
            .startsWith("{\"status\":\"NOT_READY\"")
            .containsPattern("\"kafka\":\"no broker answered for \\d+ s");
        assertThat(cdc.get("/health").statusCode()).isEqualTo(200);
        execute(endpoints, "UPDATE strategies SET min_edge_bps = " + duringOutage + " " + XARB_BTC);

        assertThat(cdc.process().waitFor(LIMIT_SECONDS + 90, TimeUnit.SECONDS))
            .as("exited after the outage limit; log: %s", cdc.log())
            .isTrue();
        long exitedAfterS = (System.nanoTime() - stoppedAt) / 1_000_000_000L;
        System.out.println("[cdc-outage] exited " + exitedAfterS + " s after Kafka stopped");
        assertThat(cdc.process().exitValue()).as("exit code; log: %s", cdc.log()).isEqualTo(1);
        assertThat(exitedAfterS).isGreaterThanOrEqualTo(LIMIT_SECONDS - 4);
        String log = cdc.log();
        assertThat(log)
            .containsPattern("Kafka unreachable for \\d+ s \\(--kafka-outage-limit 15 s")
            .contains("config CDC exits with 1 on a Kafka outage")
            .doesNotContain(endpoints.postgresPassword());
      }

      stack.up(line -> {});
      String outageEdge = duringOutage;
      Map<String, String> row = strategyRow(endpoints);
      assertThat(row).containsEntry("min_edge_bps", duringOutage);
      try (ConfigTopicsReader reader = new ConfigTopicsReader(endpoints.kafkaBootstrap());
          IngestProcess cdc = start(endpoints, slot, IngestProcess.freePort(), "second.log", 120)) {
        Received arrived = reader.await(r -> hasEdge(r, outageEdge), Duration.ofSeconds(180));
        assertThat(arrived.topic()).isEqualTo(Topics.CONFIG_STRATEGIES.name());
        assertThat(arrived.key()).isEqualTo("xarb|BTC-USDT");
        assertThat(arrived.change().getOp()).isEqualTo(ChangeOp.UPDATE);
        assertThat(arrived.change().getBefore()).containsEntry("min_edge_bps", streamed);
        Map<String, String> after = new LinkedHashMap<>(arrived.change().getAfter());
        assertThat(Instant.parse(after.remove("updated_at")))
            .isEqualTo(Instant.parse(row.remove("updated_at")));
        assertThat(after).as("the row as PostgreSQL holds it").isEqualTo(row);
        List<Received> ours = new ArrayList<>();
        for (Received r : reader.received()) {
          if (r.key().equals("xarb|BTC-USDT")) {
            ours.add(r);
          }
        }
        assertThat(ours)
            .as("the change made during the outage once; no replay of the one before")
            .hasSize(1);
        cdc.await("/ready", r -> r.statusCode() == 200, START);
        cdc.process().destroy();
        assertThat(cdc.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      stack.up(line -> {}); // leave Kafka running for the next tests, whatever happened
      dropSlot(endpoints, slot);
    }
  }

  private static boolean hasEdge(Received r, String edge) {
    return r.change() != null
        && r.change().getAfter() != null
        && edge.equals(r.change().getAfter().get("min_edge_bps"));
  }

  private IngestProcess start(
      StackEndpoints stack, String slot, int port, String log, long limitSeconds) throws Exception {
    return IngestProcess.start(
        List.of(
            "cdc",
            "--kafka",
            stack.kafkaBootstrap(),
            "--postgres-jdbc-url",
            stack.postgresJdbcUrl(),
            "--postgres-user",
            stack.postgresUser(),
            "--state-dir",
            dir.resolve("state").toString(),
            "--slot",
            slot,
            "--kafka-outage-limit",
            Long.toString(limitSeconds),
            "--metrics-port",
            Integer.toString(port)),
        Map.of("POSTGRES_PASSWORD", stack.postgresPassword()),
        dir.resolve(log),
        port);
  }

  /** The xarb/BTC-USDT row, every column as PostgreSQL prints it as text. */
  private static Map<String, String> strategyRow(StackEndpoints stack) throws Exception {
    try (Connection c = LiveConfigTables.connect(stack);
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT strategy, instrument, min_edge_bps::text, max_qty::text,"
                    + " staleness_ms::text, cooldown_ms::text, enabled::text, updated_at"
                    + " FROM strategies "
                    + XARB_BTC)) {
      assertThat(rows.next()).isTrue();
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 1; i <= 7; i++) {
        row.put(rows.getMetaData().getColumnLabel(i), rows.getString(i));
      }
      row.put("updated_at", rows.getObject(8, OffsetDateTime.class).toInstant().toString());
      return row;
    }
  }
}
