package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The config CDC (`ingest cdc`) as deployed: on by default in compose and in every environment of
 * the chart, its command line made of the real command's options, its offsets on a volume that
 * survives restarts, its health endpoint served by the real metrics server, and its network limited
 * to Kafka and PostgreSQL.
 */
class CdcDeploymentTest {
  private static final JsonNode COMPOSE = Yaml.file("infra/compose/compose.yaml");
  private static final JsonNode CDC = COMPOSE.at("/services/cdc");

  @Test
  void composeRunsCdcByDefaultNotBehindAProfile() {
    assertThat(CDC.isMissingNode()).isFalse();
    for (Map.Entry<String, JsonNode> e : ComposeFileTest.entries(COMPOSE.get("services"))) {
      assertThat(e.getValue().has("profiles"))
          .as(e.getKey() + " is behind a profile: `docker compose up` would not start it")
          .isFalse();
    }
    assertThat(ComposeFileTest.texts(CDC.get("command"))).first().isEqualTo("cdc");
    assertThat(CDC.get("restart").asText()).isEqualTo("unless-stopped");
  }

  @ParameterizedTest
  @ValueSource(strings = {"testing", "staging", "production"})
  void chartRunsCdcInEveryEnvironment(String env) {
    JsonNode deployment = deployment(env);

    assertThat(deployment.at("/spec/replicas").asInt()).as("one slot, one reader").isEqualTo(1);
    assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
    assertThat(ComposeFileTest.texts(cdcContainer(env).get("args"))).first().isEqualTo("cdc");
    assertThat(Yaml.file("helm/values.yaml").at("/cdc/enabled").asBoolean()).isTrue();
    assertThat(Yaml.file("helm/values-" + env + ".yaml").at("/cdc/enabled").isMissingNode())
        .as("no environment turns it off")
        .isTrue();
  }

  @Test
  void composeAndChartCommandLinesUseOnlyRealOptionsAndEveryRequiredOne() {
    Map<String, Boolean> real = IngestCdcCli.options();
    assertThat(real)
        .as("`ingest cdc --help` parsed")
        .containsEntry("--kafka", true)
        .containsEntry("--state-dir", true)
        .containsEntry("--metrics-port", false);
    Set<String> required = new TreeSet<>();
    Set<String> settable = new TreeSet<>();
    real.forEach(
        (name, isRequired) -> {
          if (isRequired) {
            required.add(name);
          }
          if (!name.equals("--help") && !name.equals("--version")) {
            settable.add(name);
          }
        });

    Map<String, List<String>> commandLines = new LinkedHashMap<>();
    commandLines.put("compose", ComposeFileTest.texts(CDC.get("command")));
    for (String env : List.of("testing", "staging", "production")) {
      commandLines.put("chart " + env, ComposeFileTest.texts(cdcContainer(env).get("args")));
    }
    for (Map.Entry<String, List<String>> e : commandLines.entrySet()) {
      Map<String, String> options = options(e.getValue());
      assertThat(real.keySet()).as(e.getKey() + " " + e.getValue()).containsAll(options.keySet());
      assertThat(options.keySet()).as(e.getKey()).containsAll(required);
      // Every option the deploy files can set is set: slot, publication and metrics port too.
      assertThat(options.keySet()).as(e.getKey()).containsAll(settable);
    }
  }

  @Test
  void composeKeepsTheOffsetsOnANamedVolumeAndTheSecretAsAFile() {
    String stateDir = options(ComposeFileTest.texts(CDC.get("command"))).get("--state-dir");
    List<String> mounts = new ArrayList<>();
    for (String volume : ComposeFileTest.texts(CDC.get("volumes"))) {
      String[] parts = volume.split(":");
      if (parts[1].equals(stateDir)) {
        mounts.add(parts[0]);
      }
    }
    assertThat(mounts).as("volume mounted at --state-dir " + stateDir).hasSize(1);
    assertThat(COMPOSE.get("volumes").has(mounts.get(0)))
        .as("a named volume, not a bind mount or tmpfs")
        .isTrue();
    assertThat(ComposeFileTest.texts(CDC.get("tmpfs"))).doesNotContain(stateDir);
    assertThat(CDC.at("/environment/POSTGRES_PASSWORD_FILE").asText())
        .isEqualTo("/run/secrets/postgres_password");
    assertThat(ComposeFileTest.texts(CDC.get("secrets"))).containsExactly("postgres_password");
    assertThat(ComposeFileTest.texts(CDC.get("networks"))).containsExactly("backend");
    assertThat(Repo.read("infra/docker/ingest.Dockerfile"))
        .as("the image creates the mount point owned by its user, so a new volume is writable")
        .contains("mkdir -p " + stateDir)
        .contains("chown -R 10001:10001 /var/lib/deepalpha");
  }

  @ParameterizedTest
  @ValueSource(strings = {"testing", "staging", "production"})
  void chartKeepsTheOffsetsOnAPersistentVolumeClaim(String env) {
    JsonNode container = cdcContainer(env);
    JsonNode pod = deployment(env).at("/spec/template/spec");
    String stateDir = options(ComposeFileTest.texts(container.get("args"))).get("--state-dir");

    String volumeName = null;
    for (JsonNode mount : container.get("volumeMounts")) {
      if (mount.get("mountPath").asText().equals(stateDir)) {
        volumeName = mount.get("name").asText();
      }
    }
    assertThat(volumeName).as("a volume mounted at --state-dir " + stateDir).isNotNull();
    String claim = null;
    for (JsonNode volume : pod.get("volumes")) {
      if (volume.get("name").asText().equals(volumeName)) {
        claim = volume.at("/persistentVolumeClaim/claimName").asText(null);
      }
    }
    assertThat(claim).isEqualTo("deepalpha-cdc-state");
    JsonNode pvc = HelmChartTest.ofName(env, "PersistentVolumeClaim", claim);
    assertThat(pvc.at("/spec/resources/requests/storage").asText())
        .isEqualTo(Yaml.file("helm/values.yaml").at("/cdc/state/size").asText());
    assertThat(pvc.at("/metadata/annotations/helm.sh~1resource-policy").asText()).isEqualTo("keep");
    assertThat(pod.at("/securityContext/fsGroup").asInt())
        .as("the non-root user can write the claim")
        .isEqualTo(10001);
  }

  @Test
  void chartPassesTheStorageClassOfTheClaim() {
    List<JsonNode> docs =
        Yaml.documents(
            new Helm(Repo.path("helm"))
                .template()
                .withName("deepalpha")
                .set("cdc.state.storageClass", "fast-ssd")
                .set("cdc.state.size", "2Gi")
                .call());
    JsonNode pvc = named(docs, "PersistentVolumeClaim", "deepalpha-cdc-state");

    assertThat(pvc.at("/spec/storageClassName").asText()).isEqualTo("fast-ssd");
    assertThat(pvc.at("/spec/resources/requests/storage").asText()).isEqualTo("2Gi");
  }

  @Test
  void cdcMetricsServerAnswersTheHealthPathTheProbesUse() throws Exception {
    try (URLClassLoader ingest = IngestCdcCli.classLoader()) {
      Object registry =
          ingest
              .loadClass("io.prometheus.metrics.model.registry.PrometheusRegistry")
              .getConstructor()
              .newInstance();
      Class<?> metricsType = ingest.loadClass("io.deepalpha.ingest.cdc.CdcMetrics");
      Object metrics = metricsType.getConstructor(registry.getClass()).newInstance(registry);
      Class<?> healthType = ingest.loadClass("io.deepalpha.ingest.health.HealthEndpoints");
      Object health = healthType.getConstructor(String.class).newInstance("ingest cdc");
      Class<?> handlerType = ingest.loadClass("com.sun.net.httpserver.HttpHandler");
      try (AutoCloseable server =
          (AutoCloseable)
              metricsType.getMethod("serve", int.class, handlerType).invoke(metrics, 0, health)) {
        int port = (int) server.getClass().getMethod("getPort").invoke(server);
        assertThat(MetricNames.scrape("http://127.0.0.1:" + port + "/health"))
            .isEqualTo("{\"status\":\"UP\",\"service\":\"ingest cdc\"}");
        assertThat(MetricNames.scrape("http://127.0.0.1:" + port + "/ready"))
            .startsWith("{\"status\":\"READY\"");
        String body = MetricNames.scrape("http://127.0.0.1:" + port + "/metrics");
        assertThat(body).contains("ingest_cdc_engine_up");
        // Every ingest_cdc_* metric a dashboard or an alert uses is one the cdc exports.
        assertThat(MetricNames.used("ingest_cdc_"))
            .contains("ingest_cdc_engine_up")
            .isSubsetOf(MetricNames.exported(body));
      }
    }
  }

  @Test
  void composeHealthcheckProbesTheCdcMetricsPort() {
    String port = options(ComposeFileTest.texts(CDC.get("command"))).get("--metrics-port");

    assertThat(ComposeFileTest.texts(CDC.at("/healthcheck/test")))
        .containsExactly("CMD", "/usr/local/bin/deepalpha-healthcheck", port, "/health");
  }

  @ParameterizedTest
  @ValueSource(strings = {"testing", "staging", "production"})
  void chartProbesAndScrapesTheCdcMetricsPort(String env) {
    JsonNode container = cdcContainer(env);
    String port = options(ComposeFileTest.texts(container.get("args"))).get("--metrics-port");

    assertThat(container.at("/ports/0/name").asText()).isEqualTo("metrics");
    assertThat(container.at("/ports/0/containerPort").asText()).isEqualTo(port);
    for (String probe : List.of("startupProbe", "livenessProbe")) {
      assertThat(container.at("/" + probe + "/httpGet/path").asText())
          .as(probe)
          .isEqualTo("/health");
      assertThat(container.at("/" + probe + "/httpGet/port").asText()).isEqualTo("metrics");
    }
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
    JsonNode service = HelmChartTest.ofName(env, "Service", "deepalpha-cdc");
    assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("metrics");
    assertThat(service.at("/spec/ports/0/port").asText()).isEqualTo(port);
    assertThat(
            HelmChartTest.ofName(env, "ServiceMonitor", "deepalpha")
                .at("/spec/selector/matchExpressions/1/values")
                .toString())
        .contains("\"cdc\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"testing", "staging", "production"})
  void chartTakesThePasswordFromTheReferencedSecretAsAFile(String env) {
    JsonNode container = cdcContainer(env);
    assertThat(envValue(container, "POSTGRES_PASSWORD_FILE"))
        .isEqualTo("/run/secrets/postgres_password");
    JsonNode secret = null;
    for (JsonNode volume : deployment(env).at("/spec/template/spec/volumes")) {
      if (volume.has("secret")) {
        secret = volume.get("secret");
      }
    }
    assertThat(secret).isNotNull();
    assertThat(secret.get("secretName").asText()).isEqualTo("deepalpha-postgres");
    assertThat(secret.at("/items/0/path").asText()).isEqualTo("postgres_password");
    assertThat(secret.has("optional")).as("the CDC cannot start without it").isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"testing", "staging", "production"})
  void cdcNetworkPolicyOpensOnlyKafkaAndPostgres(String env) {
    JsonNode policy = HelmChartTest.ofName(env, "NetworkPolicy", "deepalpha-cdc");
    assertThat(policy.at("/spec/podSelector/matchLabels/app.kubernetes.io~1component").asText())
        .isEqualTo("cdc");
    assertThat(ComposeFileTest.texts(policy.at("/spec/policyTypes")))
        .containsExactly("Ingress", "Egress");

    Map<Integer, JsonNode> destinations = new LinkedHashMap<>();
    for (JsonNode rule : policy.at("/spec/egress")) {
      for (JsonNode port : rule.get("ports")) {
        destinations.put(port.get("port").asInt(), rule.path("to"));
      }
    }
    assertThat(destinations.keySet()).containsExactlyInAnyOrder(53, 9092, 5432);
    assertThat(destinations.get(53).isEmpty()).as("DNS only: a rule without destination").isTrue();
    assertThat(destinations.get(9092).at("/0/podSelector/matchLabels/strimzi.io~1kind").asText())
        .isEqualTo("Kafka");
    assertThat(
            destinations
                .get(5432)
                .at("/0/podSelector/matchLabels/app.kubernetes.io~1name")
                .asText())
        .isEqualTo("postgresql");
    assertThat(policy.at("/spec/ingress").size()).isEqualTo(1);
    assertThat(policy.at("/spec/ingress/0/ports/0/port").asInt()).isEqualTo(9401);

    JsonNode ingest = HelmChartTest.ofName(env, "NetworkPolicy", "deepalpha-ingest");
    assertThat(ingest.toString())
        .as("ingest's policy neither selects the CDC nor opens PostgreSQL")
        .doesNotContain("cdc")
        .doesNotContain("5432");
  }

  @Test
  void cdcNetworkPolicyTargetsTheCidrOfAPostgresOutsideTheCluster() {
    List<JsonNode> docs =
        Yaml.documents(
            new Helm(Repo.path("helm"))
                .template()
                .withName("deepalpha")
                .set("cdc.postgres.cidr", "10.20.30.40/32")
                .call());
    JsonNode policy = named(docs, "NetworkPolicy", "deepalpha-cdc");

    JsonNode postgres = null;
    for (JsonNode rule : policy.at("/spec/egress")) {
      if (rule.at("/ports/0/port").asInt() == 5432) {
        postgres = rule.get("to");
      }
    }
    assertThat(postgres).isNotNull();
    assertThat(postgres.size()).isEqualTo(1);
    assertThat(postgres.at("/0/ipBlock/cidr").asText()).isEqualTo("10.20.30.40/32");
    assertThat(postgres.at("/0/podSelector").isMissingNode()).isTrue();
  }

  /** "--name value" pairs after the subcommand; an option given twice fails. */
  private static Map<String, String> options(List<String> commandLine) {
    assertThat(commandLine).first().isEqualTo("cdc");
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < commandLine.size(); i += 2) {
      String name = commandLine.get(i);
      assertThat(name).as("option name at " + i + " of " + commandLine).startsWith("--");
      assertThat(i + 1).as(name + " has a value").isLessThan(commandLine.size());
      assertThat(options.put(name, commandLine.get(i + 1))).as(name + " given twice").isNull();
    }
    return options;
  }

  private static JsonNode deployment(String env) {
    return HelmChartTest.ofName(env, "Deployment", "deepalpha-cdc");
  }

  private static JsonNode cdcContainer(String env) {
    return deployment(env).at("/spec/template/spec/containers/0");
  }

  private static JsonNode named(List<JsonNode> docs, String kind, String name) {
    return docs.stream()
        .filter(d -> d.get("kind").asText().equals(kind))
        .filter(d -> d.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered"));
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
