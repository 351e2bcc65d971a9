package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart in helm/, linted and rendered by a real helm (helm-java's native library from Maven
 * Central) for each environment; the rendered manifests are parsed and asserted.
 */
class HelmChartTest {
  private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();
  private static final Set<String> SECRET_WORDS =
      Set.of("PASSWORD", "SECRET", "TOKEN", "API_KEY", "PASSPHRASE");

  @Test
  void lintPassesInStrictMode() {
    LintResult lint = new Helm(Repo.path("helm")).lint().strict().call();

    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  /**
   * helm-java's lint takes no values file, so each environment is linted on a copy of the chart
   * whose values.yaml is the defaults merged with that environment's file (as helm merges them).
   */
  @ParameterizedTest
  @ValueSource(strings = {"testing", "staging", "production"})
  void lintPassesInStrictModeWithEachEnvironmentsValues(String env, @TempDir Path dir)
      throws IOException {
    Path chart = dir.resolve("deepalpha");
    copyTree(Repo.path("helm"), chart);
    JsonNode merged =
        merge(Yaml.file("helm/values.yaml").deepCopy(), Yaml.file("helm/values-" + env + ".yaml"));
    new YAMLMapper().writeValue(chart.resolve("values.yaml").toFile(), merged);

    LintResult lint = new Helm(chart).lint().strict().call();

    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    assertThat(
            Yaml.parse(Files.readString(chart.resolve("values.yaml")))
                .at("/global/environment")
                .asText())
        .isEqualTo(env);
  }

  @ParameterizedTest
  @ValueSource(strings = {"testing", "staging", "production"})
  void rendersEveryComponentOfTheIssue(String env) {
    List<String> kinds =
        rendered(env).stream()
            .map(d -> d.get("kind").asText() + "/" + d.at("/metadata/name").asText())
            .toList();

    assertThat(kinds)
        .contains(
            "FlinkDeployment/deepalpha-spread",
            "FlinkDeployment/deepalpha-risk",
            "Deployment/deepalpha-ingest",
            "Deployment/deepalpha-executor",
            "Deployment/deepalpha-cdc",
            "PersistentVolumeClaim/deepalpha-executor-journal",
            "PersistentVolumeClaim/deepalpha-cdc-state",
            "ConfigMap/deepalpha-configs",
            "NetworkPolicy/deepalpha-default-deny",
            "NetworkPolicy/deepalpha-executor",
            "NetworkPolicy/deepalpha-ingest",
            "NetworkPolicy/deepalpha-cdc",
            "NetworkPolicy/deepalpha-flink",
            "ServiceMonitor/deepalpha",
            "PodMonitor/deepalpha-flink",
            "PrometheusRule/deepalpha");
    assertThat(kinds).noneMatch(k -> k.startsWith("Secret/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"testing", "staging", "production"})
  void flinkDeploymentsUpgradeWithSavepointsKeptOnObjectStorageWithHa(String env) {
    for (JsonNode fd : ofKind(env, "FlinkDeployment")) {
      String job = fd.at("/metadata/name").asText().replace("deepalpha-", "");
      JsonNode conf = fd.at("/spec/flinkConfiguration");
      assertThat(fd.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");
      assertThat(fd.at("/spec/job/state").asText()).isEqualTo("running");
      assertThat(fd.at("/spec/job/jarURI").asText())
          .isEqualTo("local:///opt/flink/usrlib/deepalpha-jobs.jar");
      assertThat(fd.at("/spec/job/args/0").asText()).isEqualTo(job + "-live");
      assertThat(conf.get("execution.checkpointing.dir").asText())
          .isEqualTo("s3://deepalpha-" + env + "-flink/checkpoints/" + job);
      assertThat(conf.get("execution.checkpointing.savepoint-dir").asText())
          .isEqualTo("s3://deepalpha-" + env + "-flink/savepoints/" + job);
      assertThat(conf.get("high-availability.type").asText()).isEqualTo("kubernetes");
      assertThat(conf.get("high-availability.storageDir").asText()).startsWith("s3://");
      assertThat(conf.get("pipeline.max-parallelism").asText()).isEqualTo("128");
      assertThat(conf.get("metrics.reporter.prom.factory.class").asText())
          .endsWith("PrometheusReporterFactory");
      assertThat(fd.at("/spec/jobManager/resource/memory").asText()).isNotBlank();
      assertThat(fd.at("/spec/taskManager/resource/cpu").asDouble()).isPositive();
      assertThat(fd.toString())
          .as("plugins are baked into the image")
          .doesNotContain("ENABLE_BUILT_IN_PLUGINS");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"testing", "staging", "production"})
  void everyContainerIsNonRootReadOnlyWithoutPrivilegesAndHasLimitsAndProbes(String env) {
    List<String> checked = new ArrayList<>();
    for (JsonNode doc : rendered(env)) {
      String kind = doc.get("kind").asText();
      JsonNode pod =
          switch (kind) {
            case "Deployment" -> doc.at("/spec/template/spec");
            case "FlinkDeployment" -> doc.at("/spec/podTemplate/spec");
            default -> null;
          };
      if (pod == null) {
        continue;
      }
      assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
      assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
      assertThat(pod.at("/securityContext/seccompProfile/type").asText())
          .isEqualTo("RuntimeDefault");
      for (JsonNode c : pod.get("containers")) {
        String name = doc.at("/metadata/name").asText() + "/" + c.get("name").asText();
        checked.add(name);
        JsonNode sc = c.get("securityContext");
        assertThat(sc.get("runAsNonRoot").asBoolean()).as(name).isTrue();
        assertThat(sc.get("allowPrivilegeEscalation").asBoolean()).as(name).isFalse();
        assertThat(sc.get("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
        assertThat(ComposeFileTest.texts(sc.at("/capabilities/drop")))
            .as(name)
            .containsExactly("ALL");
        if (kind.equals("Deployment")) {
          assertThat(c.at("/resources/limits/cpu").asText()).as(name).isNotBlank();
          assertThat(c.at("/resources/limits/memory").asText()).as(name).isNotBlank();
          assertThat(c.at("/livenessProbe/httpGet/path").asText()).as(name).isNotBlank();
          assertThat(c.at("/readinessProbe/httpGet/path").asText()).as(name).isNotBlank();
        }
      }
    }
    assertThat(checked)
        .contains(
            "deepalpha-executor/executor",
            "deepalpha-ingest/ingest",
            "deepalpha-cdc/cdc",
            "deepalpha-spread/flink-main-container",
            "deepalpha-risk/flink-main-container");
    JsonNode executor = container(env, "deepalpha-executor");
    assertThat(executor.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
    assertThat(executor.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
  }

  @ParameterizedTest
  @ValueSource(strings = {"testing", "staging", "production"})
  void secretsAreReferencedNeverEmbedded(String env) {
    for (JsonNode doc : rendered(env)) {
      assertThat(doc.get("kind").asText()).isNotEqualTo("Secret");
    }
    for (JsonNode doc : ofKind(env, "Deployment")) {
      for (JsonNode c : doc.at("/spec/template/spec/containers")) {
        for (JsonNode var : c.path("env")) {
          String name = var.get("name").asText();
          if (SECRET_WORDS.stream().anyMatch(name::contains)) {
            assertThat(name).as("secret-like variable " + name).endsWith("_FILE");
          }
        }
      }
    }
    JsonNode executorPod =
        ofName(env, "Deployment", "deepalpha-executor").at("/spec/template/spec");
    JsonNode secretVolume = null;
    for (JsonNode v : executorPod.get("volumes")) {
      if (v.has("secret")) {
        secretVolume = v.get("secret");
      }
    }
    assertThat(secretVolume).isNotNull();
    assertThat(secretVolume.get("secretName").asText()).isEqualTo("deepalpha-executor");
    assertThat(secretVolume.get("optional").asBoolean())
        .as("only paper trading runs without keys")
        .isEqualTo(env.equals("testing"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"testing", "staging", "production"})
  void executorEgressGoesOnlyToKafkaAndVenueApiPorts(String env) {
    JsonNode policy = ofName(env, "NetworkPolicy", "deepalpha-executor");
    assertThat(ComposeFileTest.texts(policy.at("/spec/policyTypes")))
        .containsExactly("Ingress", "Egress");
    Set<Integer> ports = new TreeSet<>();
    for (JsonNode rule : policy.at("/spec/egress")) {
      List<Integer> rulePorts = new ArrayList<>();
      rule.path("ports").forEach(p -> rulePorts.add(p.get("port").asInt()));
      ports.addAll(rulePorts);
      JsonNode to = rule.path("to");
      if (to.isEmpty()) {
        assertThat(rulePorts).as("a rule without destination is DNS only").containsOnly(53);
      } else if (to.get(0).has("ipBlock")) {
        assertThat(to.at("/0/ipBlock/cidr").asText()).isEqualTo("0.0.0.0/0");
        assertThat(ComposeFileTest.texts(to.at("/0/ipBlock/except")))
            .contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
        assertThat(rulePorts).containsExactly(443);
      } else {
        assertThat(to.at("/0/podSelector/matchLabels").isEmpty())
            .as("Kafka pods selected")
            .isFalse();
        assertThat(rulePorts).containsExactly(9092);
      }
    }
    assertThat(ports).containsExactly(53, 443, 9092);
    assertThat(
            ofName(env, "NetworkPolicy", "deepalpha-default-deny")
                .at("/spec/podSelector/matchLabels/app.kubernetes.io~1instance")
                .asText())
        .isEqualTo("deepalpha");
  }

  @ParameterizedTest
  @ValueSource(strings = {"testing", "staging", "production"})
  void ingestRunsTheConfiguredVenuesWithinBinancesRequestWeight(String env) {
    JsonNode ingest = container(env, "deepalpha-ingest");

    List<String> args = ComposeFileTest.texts(ingest.get("args"));
    assertThat(args.subList(0, 3))
        .containsExactly("run", "--venues", "BINANCE,OKX,BYBIT,COINBASE,KRAKEN");
    assertThat(args.get(args.indexOf("--binance-weight-limit") + 1)).isEqualTo("6000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"testing", "staging", "production"})
  void executorRunsItsEnvironmentsFileAndIsNeverTwo(String env) {
    JsonNode deployment = ofName(env, "Deployment", "deepalpha-executor");
    JsonNode executor = container(env, "deepalpha-executor");

    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(deployment.at("/spec/strategy/type").asText())
        .as("drain then switch")
        .isEqualTo("Recreate");
    assertThat(ComposeFileTest.texts(executor.get("args")))
        .containsExactly("--env-file", "/opt/deepalpha/configs/.env.c5n." + env);
    assertThat(envValue(executor, "LIVE_TRADING_CONFIRMED"))
        .isEqualTo(env.equals("testing") ? "false" : "true");
    assertThat(envValue(executor, "IDLE_STRATEGY"))
        .isEqualTo(env.equals("production") ? "busy-spin" : "backoff");
    if (env.equals("production")) {
      assertThat(executor.at("/resources/requests")).isEqualTo(executor.at("/resources/limits"));
      assertThat(
              ofName(env, "FlinkDeployment", "deepalpha-spread")
                  .at("/spec/jobManager/replicas")
                  .asInt())
          .isEqualTo(2);
    }
  }

  @Test
  void configMapHoldsTheRepositoryConfigsAndTheRuleIsTheC5nRuleFile() {
    JsonNode data = ofName("testing", "ConfigMap", "deepalpha-configs").get("data");
    for (String file :
        List.of(
            ".env.c5n.testing",
            ".env.c5n.staging",
            ".env.c5n.production",
            "trading.yaml",
            "instruments.yaml")) {
      assertThat(data.get(file).asText()).as(file).isEqualTo(Repo.read("configs/" + file));
      assertThat(Repo.read("helm/files/configs/" + file)).isEqualTo(Repo.read("configs/" + file));
    }
    assertThat(Repo.read("helm/files/prometheus/deepalpha.yml"))
        .isEqualTo(Repo.read("infra/prometheus/rules/deepalpha.yml"));
    assertThat(ofName("testing", "PrometheusRule", "deepalpha").at("/spec/groups"))
        .isEqualTo(Yaml.file("infra/prometheus/rules/deepalpha.yml").get("groups"));
  }

  @Test
  void monitoringScrapesIngestCdcExecutorAndFlinkPods() {
    JsonNode sm = ofName("testing", "ServiceMonitor", "deepalpha");
    assertThat(ComposeFileTest.texts(sm.at("/spec/selector/matchExpressions/1/values")))
        .containsExactlyInAnyOrder("ingest", "cdc", "executor");
    List<String> ports = new ArrayList<>();
    sm.at("/spec/endpoints").forEach(e -> ports.add(e.get("port").asText()));
    assertThat(ports).containsExactlyInAnyOrder("metrics", "http");
    assertThat(
            ofName("testing", "PodMonitor", "deepalpha-flink")
                .at("/spec/podMetricsEndpoints/0/port")
                .asText())
        .isEqualTo("metrics");
    assertThat(sm.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
  }

  private static JsonNode merge(JsonNode base, JsonNode override) {
    override
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode current = base.get(e.getKey());
              if (current != null && current.isObject() && e.getValue().isObject()) {
                merge(current, e.getValue());
              } else {
                ((ObjectNode) base).set(e.getKey(), e.getValue());
              }
            });
    return base;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  static List<JsonNode> rendered(String env) {
    return RENDERED.computeIfAbsent(
        env,
        e ->
            Yaml.documents(
                new Helm(Repo.path("helm"))
                    .template()
                    .withName("deepalpha")
                    .withNamespace("deepalpha")
                    .withValuesFile(Repo.path("helm/values-" + e + ".yaml"))
                    .call()));
  }

  private static List<JsonNode> ofKind(String env, String kind) {
    List<JsonNode> docs =
        rendered(env).stream().filter(d -> d.get("kind").asText().equals(kind)).toList();
    assertThat(docs).as(kind).isNotEmpty();
    return docs;
  }

  static JsonNode ofName(String env, String kind, String name) {
    return ofKind(env, kind).stream()
        .filter(d -> d.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered"));
  }

  private static JsonNode container(String env, String deployment) {
    return ofName(env, "Deployment", deployment).at("/spec/template/spec/containers/0");
  }

  private static String envValue(JsonNode container, String name) {
    for (JsonNode var : container.get("env")) {
      if (var.get("name").asText().equals(name)) {
        return var.get("value").asText();
      }
    }
    throw new AssertionError(name + " not set");
  }
}
