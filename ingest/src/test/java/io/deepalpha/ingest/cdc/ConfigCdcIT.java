package io.deepalpha.ingest.cdc;

import static io.deepalpha.ingest.cdc.LiveConfigTables.BTC_OKX;
import static io.deepalpha.ingest.cdc.LiveConfigTables.BTC_POSITION;
import static io.deepalpha.ingest.cdc.LiveConfigTables.XARB_BTC;
import static io.deepalpha.ingest.cdc.LiveConfigTables.dropSlot;
import static io.deepalpha.ingest.cdc.LiveConfigTables.execute;
import static io.deepalpha.ingest.cdc.LiveConfigTables.query;
import static io.deepalpha.ingest.cdc.LiveConfigTables.scale18;
import static io.deepalpha.ingest.cdc.LiveConfigTables.uniqueDecimal;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.ingest.cdc.ConfigTopicsReader.Received;
import io.deepalpha.model.event.ChangeOp;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.topic.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config CDC against the real PostgreSQL and Kafka: the live-config tables come from the sinks
 * module's own migrations, applied here with Flyway.
 */
@WithLocalStack
class ConfigCdcIT {
  private static final Duration START = Duration.ofSeconds(120);
  private static final Duration ARRIVAL = Duration.ofSeconds(60);

  @TempDir Path stateDir;

  @BeforeAll
  static void migrate(StackEndpoints stack) {
    LiveConfigTables.migrate(stack);
  }

  @Test
  void anUpdateReachesItsConfigTopicWithTheNewValuesWithinSeconds(StackEndpoints stack)
      throws Exception {
    CdcSettings settings = settings(stack, "update");
    String before = query(stack, "SELECT min_edge_bps FROM strategies " + XARB_BTC);
    String edge = uniqueDecimal(); // e.g. 7.1234, never the value already there
    try (ConfigCdc cdc = started(settings);
        ConfigTopicsReader reader = new ConfigTopicsReader(stack.kafkaBootstrap())) {
      long updatedAtNs = System.nanoTime();
      execute(stack, "UPDATE strategies SET min_edge_bps = " + edge + " " + XARB_BTC);

      Received received =
          reader.await(
              r ->
                  r.change() != null
                      && r.change().getOp() == ChangeOp.UPDATE
                      && edge.equals(r.change().getAfter().get("min_edge_bps")),
              ARRIVAL);
      System.out.printf(
          "UPDATE -> config.strategies in %d ms%n", (System.nanoTime() - updatedAtNs) / 1_000_000);

      assertThat(received.topic()).isEqualTo(Topics.CONFIG_STRATEGIES.name());
      assertThat(received.key()).isEqualTo("xarb|BTC-USDT");
      ConfigChange change = received.change();
      assertThat(change.getTable()).isEqualTo("strategies");
      assertThat(change.getKey()).isEqualTo("xarb|BTC-USDT");
      assertThat(change.getBefore()).containsEntry("min_edge_bps", before);
      assertThat(change.getAfter())
          .containsEntry("strategy", "xarb")
          .containsEntry("instrument", "BTC-USDT")
          .containsEntry("min_edge_bps", edge)
          .containsEntry("max_qty", query(stack, "SELECT max_qty FROM strategies " + XARB_BTC))
          .containsEntry("staleness_ms", "500")
          .containsEntry("enabled", "true")
          .containsKey("updated_at");
      assertThat(change.getVersion()).isPositive();
      long nowUs = System.currentTimeMillis() * 1_000;
      assertThat(change.getCommitTimeUs()).isBetween(nowUs - 120_000_000L, nowUs + 1_000_000L);
    } finally {
      dropSlot(stack, settings.slotName());
    }
  }

  @Test
  void afterARestartExactlyTheChangesMadeWhileStoppedArrive(StackEndpoints stack) throws Exception {
    CdcSettings settings = settings(stack, "restart");
    String first = uniqueDecimal();
    String second = uniqueDecimal();
    String third = uniqueDecimal();
    try {
      long firstVersion;
      try (ConfigCdc cdc = started(settings);
          ConfigTopicsReader reader = new ConfigTopicsReader(stack.kafkaBootstrap())) {
        execute(stack, "UPDATE risk_limits SET warn_value = " + first + " " + BTC_POSITION);
        firstVersion =
            reader
                .await(r -> hasValue(r, "warn_value", scale18(first)), ARRIVAL)
                .change()
                .getVersion();
      }
      assertThat(settings.offsetsFile()).as("offsets kept in the state dir").exists();

      try (ConfigTopicsReader reader = new ConfigTopicsReader(stack.kafkaBootstrap())) {
        execute(stack, "UPDATE instruments SET taker_fee_bps = " + second + " " + BTC_OKX);
        execute(stack, "UPDATE risk_limits SET halt_value = " + third + " " + BTC_POSITION);
        try (ConfigCdc cdc = started(settings)) {
          reader.await(r -> hasValue(r, "halt_value", scale18(third)), ARRIVAL);
          List<Received> sinceStop = reader.received();
          assertThat(sinceStop)
              .as("no replay of the first change or the snapshot, nothing skipped")
              .hasSize(2);
          ConfigChange fee = onTopic(sinceStop, Topics.CONFIG_INSTRUMENTS.name());
          ConfigChange halt = onTopic(sinceStop, Topics.CONFIG_RISK_LIMITS.name());
          assertThat(fee.getKey()).isEqualTo("BTC-USDT|OKX");
          assertThat(fee.getAfter()).containsEntry("taker_fee_bps", second);
          assertThat(halt.getKey()).isEqualTo("INSTRUMENT|BTC-USDT|position");
          assertThat(halt.getAfter())
              .containsEntry("warn_value", scale18(first))
              .containsEntry("halt_value", scale18(third));
          assertThat(fee.getVersion()).isGreaterThan(firstVersion);
          assertThat(halt.getVersion()).isGreaterThan(fee.getVersion());
        }
      }
    } finally {
      dropSlot(stack, settings.slotName());
    }
  }

  @Test
  void anInsertIsACreateAndADeleteIsADeleteFollowedByATombstone(StackEndpoints stack)
      throws Exception {
    CdcSettings settings = settings(stack, "shapes");
    String scopeKey = "IT-" + Long.toHexString(System.nanoTime());
    String key = "INSTRUMENT|" + scopeKey + "|position";
    try (ConfigCdc cdc = started(settings);
        ConfigTopicsReader reader = new ConfigTopicsReader(stack.kafkaBootstrap())) {
      execute(
          stack,
          "INSERT INTO risk_limits (scope, scope_key, metric, warn_value, halt_value)"
              + " VALUES ('INSTRUMENT', '"
              + scopeKey
              + "', 'position', 1.5, 3)");
      ConfigChange created =
          reader.await(r -> key.equals(r.key()) && r.change() != null, ARRIVAL).change();
      assertThat(created.getOp()).isEqualTo(ChangeOp.CREATE);
      assertThat(created.getTable()).isEqualTo("risk_limits");
      assertThat(created.getKey()).isEqualTo(key);
      assertThat(created.getBefore()).isNull();
      assertThat(created.getAfter())
          .containsEntry("scope", "INSTRUMENT")
          .containsEntry("scope_key", scopeKey)
          .containsEntry("metric", "position")
          .containsEntry("warn_value", "1.500000000000000000")
          .containsEntry("halt_value", "3.000000000000000000")
          .containsKey("updated_at");

      execute(stack, "DELETE FROM risk_limits WHERE scope_key = '" + scopeKey + "'");
      reader.await(r -> key.equals(r.key()) && r.change() == null, ARRIVAL);
      List<Received> ofRow = reader.received().stream().filter(r -> key.equals(r.key())).toList();
      assertThat(ofRow).hasSize(3);
      assertThat(ofRow).allSatisfy(r -> assertThat(r.topic()).isEqualTo("config.risk_limits"));
      ConfigChange deleted = ofRow.get(1).change();
      assertThat(deleted.getOp()).isEqualTo(ChangeOp.DELETE);
      assertThat(deleted.getAfter()).isNull();
      assertThat(deleted.getBefore())
          .containsEntry("scope_key", scopeKey)
          .containsEntry("halt_value", "3.000000000000000000");
      assertThat(deleted.getVersion()).isGreaterThan(created.getVersion());
      assertThat(ofRow.get(2).change()).as("tombstone right after the DELETE").isNull();
    } finally {
      dropSlot(stack, settings.slotName());
    }
  }

  private CdcSettings settings(StackEndpoints stack, String name) throws Exception {
    return CdcSettings.of(
            stack.kafkaBootstrap(),
            stack.postgresJdbcUrl(),
            stack.postgresUser(),
            stack.postgresPassword(),
            Files.createDirectories(stateDir.resolve(name)))
        .withSlot("it_cdc_" + name + "_" + Long.toHexString(System.nanoTime()));
  }

  private static ConfigCdc started(CdcSettings settings) throws Exception {
    SourceCheck.check(settings);
    ConfigCdc cdc = new ConfigCdc(settings, new CdcMetrics(new PrometheusRegistry()));
    cdc.start();
    cdc.awaitStreaming(START);
    return cdc;
  }

  private static boolean hasValue(Received r, String column, String value) {
    return r.change() != null
        && r.change().getAfter() != null
        && value.equals(r.change().getAfter().get(column));
  }

  private static ConfigChange onTopic(List<Received> received, String topic) {
    return received.stream()
        .filter(r -> r.topic().equals(topic))
        .findFirst()
        .orElseThrow(() -> new AssertionError("nothing on " + topic + ": " + received))
        .change();
  }
}
