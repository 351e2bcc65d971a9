package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** infra/compose/compose.yaml: the c5n budget, isolation, secrets, restarts, hardening. */
class ComposeFileTest {
  /** c5n.large: 2 vCPU, 5.25 GiB (the "5.3 GB"); at least 512 MiB stay with the OS. */
  static final long HOST_MIB = 5376;

  static final long OS_RESERVE_MIB = 512;
  static final BigDecimal HOST_CPUS = new BigDecimal("2.0");

  private static final JsonNode COMPOSE = Yaml.file("infra/compose/compose.yaml");
  private static final JsonNode SERVICES = COMPOSE.get("services");
  private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)m");

  @Test
  void holdsTheWholePipelineOfTheIssue() {
    assertThat(names(SERVICES))
        .containsAll(
            List.of(
                "kafka",
                "flink-jobmanager",
                "flink-taskmanager",
                "postgres",
                "influxdb",
                "prometheus",
                "grafana",
                "ingest",
                "cdc",
                "executor"));
    assertThat(SERVICES.at("/kafka/environment/KAFKA_PROCESS_ROLES").asText())
        .isEqualTo("broker,controller");
    assertThat(SERVICES.at("/kafka/environment/KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText())
        .isEqualTo("false");
    assertThat(SERVICES.at("/postgres/command").toString()).contains("\"wal_level=logical\"");
    assertThat(SERVICES.at("/influxdb/image").asText()).startsWith("influxdb:2.");
    assertThat(SERVICES.at("/flink-taskmanager/environment/FLINK_PROPERTIES").asText())
        .contains(
            "metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
        .contains("metrics.reporter.prom.port: 9249");
  }

  @Test
  void memoryLimitsFitTheC5nHostWithRoomForTheOs() {
    Map<String, Long> mib = new TreeMap<>();
    SERVICES
        .fields()
        .forEachRemaining(
            e -> mib.put(e.getKey(), Yaml.mebibytes(limits(e.getValue()).get("memory").asText())));

    long total = mib.values().stream().mapToLong(Long::longValue).sum();
    assertThat(total)
        .as("sum of memory limits %s", mib)
        .isLessThanOrEqualTo(HOST_MIB - OS_RESERVE_MIB);
    assertThat(total).as("the budget is used, not ignored").isGreaterThan(HOST_MIB / 2);
  }

  @Test
  void cpuLimitsAddUpToAtMostTheHostsTwoVcpus() {
    BigDecimal total = BigDecimal.ZERO;
    for (JsonNode service : SERVICES) {
      BigDecimal cpus = new BigDecimal(limits(service).get("cpus").asText());
      assertThat(cpus).isPositive();
      total = total.add(cpus);
    }
    assertThat(total).isLessThanOrEqualTo(HOST_CPUS);
  }

  @Test
  void jvmHeapsAndFlinkProcessSizesStayBelowTheirContainerLimits() {
    for (String service : List.of("kafka", "ingest", "cdc", "executor")) {
      String env = SERVICES.get(service).get("environment").toString();
      Matcher m = XMX.matcher(env);
      assertThat(m.find()).as(service + " sets -Xmx").isTrue();
      long limit = Yaml.mebibytes(limits(SERVICES.get(service)).get("memory").asText());
      assertThat(Long.parseLong(m.group(1)))
          .as(service + " heap vs limit")
          .isLessThan(limit * 3 / 4);
    }
    String flink = SERVICES.at("/flink-jobmanager/environment/FLINK_PROPERTIES").asText();
    assertThat(Yaml.mebibytes(property(flink, "jobmanager.memory.process.size")))
        .isLessThan(
            Yaml.mebibytes(limits(SERVICES.get("flink-jobmanager")).get("memory").asText()));
    assertThat(Yaml.mebibytes(property(flink, "taskmanager.memory.process.size")))
        .isLessThan(
            Yaml.mebibytes(limits(SERVICES.get("flink-taskmanager")).get("memory").asText()));
    assertThat(SERVICES.at("/flink-taskmanager/environment/FLINK_PROPERTIES").asText())
        .isEqualTo(flink);
  }

  @Test
  void flinkPropertiesAreOneKeyValuePerLineAsTheFlinkEntrypointParsesThem() {
    // The entrypoint deletes every blank of a line and splits it at the first colon: a comment
    // line with a colon would become a bogus option.
    for (String line :
        SERVICES.at("/flink-jobmanager/environment/FLINK_PROPERTIES").asText().split("\n")) {
      assertThat(line).matches("[A-Za-z][A-Za-z0-9.\\-]*: \\S+");
    }
  }

  @Test
  void everyServiceIsOnTheInternalNetworkAndOnlyIngestAndExecutorReachOut() {
    assertThat(COMPOSE.at("/networks/backend/internal").asBoolean()).isTrue();
    Set<String> egress = new TreeSet<>();
    for (Map.Entry<String, JsonNode> e : entries(SERVICES)) {
      List<String> networks = texts(e.getValue().get("networks"));
      assertThat(networks).as(e.getKey()).contains("backend");
      if (networks.contains("egress")) {
        egress.add(e.getKey());
      }
    }
    assertThat(egress).containsExactly("executor", "ingest");
  }

  @Test
  void publishedPortsListenOnLoopbackOnly() {
    List<String> published = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : entries(SERVICES)) {
      for (String port : texts(e.getValue().get("ports"))) {
        assertThat(port).as(e.getKey()).startsWith("127.0.0.1:");
        published.add(e.getKey());
      }
    }
    assertThat(published).containsExactlyInAnyOrder("flink-jobmanager", "grafana", "executor");
  }

  @Test
  void everyLongRunningServiceRestartsAndTheOneShotMigrationDoesNot() {
    for (Map.Entry<String, JsonNode> e : entries(SERVICES)) {
      String restart = effective(e.getValue(), "restart").asText();
      assertThat(restart)
          .as(e.getKey())
          .isEqualTo(e.getKey().equals("migrations") ? "no" : "unless-stopped");
    }
  }

  @Test
  void everyContainerIsReadOnlyWithoutCapabilitiesAndWithoutPrivilegeEscalation() {
    for (Map.Entry<String, JsonNode> e : entries(SERVICES)) {
      JsonNode s = e.getValue();
      assertThat(effective(s, "read_only").asBoolean()).as(e.getKey()).isTrue();
      assertThat(texts(effective(s, "cap_drop"))).as(e.getKey()).containsExactly("ALL");
      assertThat(texts(effective(s, "security_opt")))
          .as(e.getKey())
          .contains("no-new-privileges:true");
      JsonNode user = s.get("user");
      if (user != null) {
        assertThat(user.asText()).as(e.getKey()).doesNotStartWith("0").doesNotStartWith("root");
      }
    }
    // Services without "user:" run our images (USER 10001 / 9999) — DockerImagesTest holds that.
    assertThat(
            entries(SERVICES).stream()
                .filter(e -> e.getValue().get("user") == null)
                .map(e -> e.getValue().get("image").asText())
                .allMatch(image -> image.startsWith("${DEEPALPHA_REGISTRY:-deepalpha}/")))
        .isTrue();
  }

  @Test
  void secretsAreFilesMountedUnderRunSecretsAndNeverValuesInTheEnvironment() {
    for (JsonNode secret : COMPOSE.get("secrets")) {
      assertThat(secret.get("file").asText()).startsWith("${DEEPALPHA_SECRETS_DIR:-./secrets}/");
    }
    for (Map.Entry<String, JsonNode> e : entries(SERVICES)) {
      JsonNode env = e.getValue().get("environment");
      if (env == null) {
        continue;
      }
      for (Map.Entry<String, JsonNode> var : entries(env)) {
        String key = var.getKey();
        if (key.matches(".*(PASSWORD|SECRET|TOKEN|API_KEY|PASSPHRASE).*")) {
          assertThat(key).as(e.getKey() + " " + key).matches(".*_FILE|GF_.*__FILE");
          assertThat(var.getValue().asText()).startsWith("/run/secrets/");
        }
      }
      for (String name : texts(e.getValue().get("secrets"))) {
        assertThat(COMPOSE.get("secrets").has(name))
            .as(e.getKey() + " uses secret " + name)
            .isTrue();
      }
    }
  }

  @Test
  void executorGetsEverySecretFileItsEnvFilesName() {
    Set<String> named = new TreeSet<>();
    Pattern file = Pattern.compile("^#?\\s*\\w+_FILE=/run/secrets/(\\w+)", Pattern.MULTILINE);
    for (String env : List.of("testing", "staging", "production")) {
      Matcher m = file.matcher(Repo.read("configs/.env.c5n." + env));
      while (m.find()) {
        named.add(m.group(1));
      }
    }
    assertThat(named).isNotEmpty();
    assertThat(texts(SERVICES.at("/executor/secrets"))).containsExactlyInAnyOrderElementsOf(named);
  }

  @Test
  void executorRunsTheChosenEnvironmentsFileAgainstTheComposeBroker() {
    JsonNode executor = SERVICES.get("executor");
    assertThat(texts(executor.get("command")))
        .containsExactly(
            "--env-file", "/opt/deepalpha/configs/.env.c5n.${DEEPALPHA_ENV:?set DEEPALPHA_ENV}");
    assertThat(executor.at("/environment/KAFKA_BOOTSTRAP_SERVERS").asText())
        .isEqualTo("kafka:9092");
    assertThat(executor.at("/environment/LIVE_TRADING_CONFIRMED").asText())
        .isEqualTo("${LIVE_TRADING_CONFIRMED:-false}");
    assertThat(texts(executor.get("volumes")))
        .contains("executor-journal:/var/lib/deepalpha/executor");
    assertThat(executor.get("stop_grace_period").asText()).isEqualTo("60s");
  }

  @Test
  void everyNamedVolumeAndNetworkIsDeclared() {
    Set<String> declaredVolumes = names(COMPOSE.get("volumes"));
    Set<String> declaredNetworks = names(COMPOSE.get("networks"));
    for (Map.Entry<String, JsonNode> e : entries(SERVICES)) {
      for (String volume : texts(e.getValue().get("volumes"))) {
        String source = volume.split(":")[0];
        if (!source.startsWith(".") && !source.startsWith("/")) {
          assertThat(declaredVolumes).as(e.getKey()).contains(source);
        }
      }
      assertThat(declaredNetworks).containsAll(texts(e.getValue().get("networks")));
    }
  }

  static JsonNode limits(JsonNode service) {
    JsonNode limits = service.at("/deploy/resources/limits");
    assertThat(limits.isMissingNode())
        .as("deploy.resources.limits of " + service.get("image"))
        .isFalse();
    return limits;
  }

  /** A key of the service after the merge of x-defaults (SnakeYAML resolves "<<: *defaults"). */
  private static JsonNode effective(JsonNode service, String key) {
    JsonNode value = service.get(key);
    assertThat(value).as(key + " of " + service.get("image")).isNotNull();
    return value;
  }

  private static String property(String flinkProperties, String key) {
    for (String line : flinkProperties.split("\n")) {
      if (line.startsWith(key + ":")) {
        return line.substring(key.length() + 1).strip();
      }
    }
    throw new AssertionError(key + " not set");
  }

  static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
    List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
    node.fields().forEachRemaining(list::add);
    return list;
  }

  static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static List<String> texts(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return List.of();
    }
    if (node.isObject()) {
      return new ArrayList<>(names(node));
    }
    List<String> list = new ArrayList<>();
    node.forEach(n -> list.add(n.asText()));
    return list.stream().collect(Collectors.toList());
  }
}
