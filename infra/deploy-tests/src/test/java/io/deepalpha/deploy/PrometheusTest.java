package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** infra/prometheus: the config and rules pass promtool, and every alert has a rule unit test. */
class PrometheusTest {
  /** The alerts issue 8 asks for, by the names the rules use. */
  static final List<String> REQUIRED_ALERTS =
      List.of(
          "FeedStale",
          "BookResyncsRising",
          "ConsumerLagHigh",
          "WatermarkLagHigh",
          "NoCheckpoint",
          "ExecutorHalted",
          "OrderLatencyHigh",
          "HostMemoryHigh");

  @Test
  void configIsValidForPromtool() {
    Tools.requireTool("promtool", "prometheus");
    Tools.Result r =
        Tools.run(Repo.path("infra/prometheus"), "promtool", "check", "config", "prometheus.yml");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS: 1 rule files found");
  }

  @Test
  void rulesAreValidForPromtool() {
    Tools.requireTool("promtool", "prometheus");
    Tools.Result r =
        Tools.run(
            Repo.path("infra/prometheus"), "promtool", "check", "rules", "rules/deepalpha.yml");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS: " + alerts().size() + " rules found");
  }

  @Test
  void ruleUnitTestsPass() {
    Tools.requireTool("promtool", "prometheus");
    Tools.Result r =
        Tools.run(
            Repo.path("infra/prometheus"), "promtool", "test", "rules", "tests/deepalpha_test.yml");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void everyRequiredAlertExistsAndEveryAlertIsTestedFiring() {
    Set<String> fired = new TreeSet<>();
    for (JsonNode test : Yaml.file("infra/prometheus/tests/deepalpha_test.yml").get("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        if (!check.path("exp_alerts").isEmpty()) {
          fired.add(check.get("alertname").asText());
        }
      }
    }
    assertThat(alerts()).containsAll(REQUIRED_ALERTS);
    assertThat(fired).containsExactlyInAnyOrderElementsOf(alerts());
  }

  @Test
  void everyAlertHasASeverityAndASummary() {
    for (JsonNode group : Yaml.file("infra/prometheus/rules/deepalpha.yml").get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        assertThat(rule.at("/labels/severity").asText())
            .as(rule.get("alert").asText())
            .isIn("warning", "critical");
        assertThat(rule.at("/annotations/summary").asText()).isNotBlank();
      }
    }
  }

  @Test
  void scrapesEveryServiceThatExportsMetricsOnTheComposeNetwork() {
    List<String> targets = new ArrayList<>();
    for (JsonNode job : Yaml.file("infra/prometheus/prometheus.yml").get("scrape_configs")) {
      job.at("/static_configs/0/targets").forEach(t -> targets.add(t.asText()));
    }
    assertThat(targets)
        .contains(
            "ingest:9400",
            "executor:8081",
            "flink-jobmanager:9249",
            "flink-taskmanager:9249",
            "node-exporter:9100");
    for (String target : targets) {
      String host = target.split(":")[0];
      if (!host.equals("localhost")) {
        assertThat(Yaml.file("infra/compose/compose.yaml").at("/services/" + host).isMissingNode())
            .as(target)
            .isFalse();
      }
    }
  }

  static List<String> alerts() {
    List<String> alerts = new ArrayList<>();
    for (JsonNode group : Yaml.file("infra/prometheus/rules/deepalpha.yml").get("groups")) {
      group.get("rules").forEach(r -> alerts.add(r.get("alert").asText()));
    }
    return alerts;
  }
}
