package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** infra/grafana: provisioning and dashboards (valid JSON, the panels the issue asks for). */
class GrafanaTest {
  static final List<String> DASHBOARDS = List.of("ingest", "flink", "trading", "host");

  @Test
  void dashboardsAreValidJsonWithUniqueUidsAndProvisionedDataSources() {
    Set<String> datasources = new TreeSet<>();
    for (JsonNode ds :
        Yaml.file("infra/grafana/provisioning/datasources/datasources.yaml").get("datasources")) {
      datasources.add(ds.get("uid").asText());
    }
    Set<String> uids = new TreeSet<>();
    for (String name : DASHBOARDS) {
      JsonNode dashboard = Yaml.json("infra/grafana/dashboards/" + name + ".json");
      assertThat(uids.add(dashboard.get("uid").asText())).isTrue();
      assertThat(dashboard.get("panels")).isNotEmpty();
      for (JsonNode panel : dashboard.get("panels")) {
        assertThat(datasources).contains(panel.at("/datasource/uid").asText());
        assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
      }
    }
    assertThat(
            Yaml.file("infra/grafana/provisioning/dashboards/dashboards.yaml")
                .at("/providers/0/options/path")
                .asText())
        .isEqualTo("/var/lib/grafana/dashboards");
  }

  @Test
  void dashboardsHoldThePanelsOfTheIssue() {
    assertThat(titles("ingest"))
        .anyMatch(t -> t.contains("Frames/s"))
        .anyMatch(t -> t.contains("gaps"))
        .anyMatch(t -> t.contains("Reconnects"))
        .anyMatch(t -> t.contains("Binance REST depth snapshots"))
        .anyMatch(t -> t.contains("REST request weight used vs limit"))
        .anyMatch(t -> t.contains("REST requests held back, 429 / 418"));
    assertThat(titles("flink"))
        .anyMatch(t -> t.contains("Records in/s"))
        .anyMatch(t -> t.contains("Watermark lag"))
        .anyMatch(t -> t.contains("checkpoint"))
        .anyMatch(t -> t.contains("Kafka lag"));
    assertThat(titles("trading"))
        .anyMatch(t -> t.contains("Signals"))
        .anyMatch(t -> t.contains("Orders/s by outcome"))
        .anyMatch(t -> t.contains("p99"))
        .anyMatch(t -> t.contains("PnL"));
    assertThat(titles("host")).anyMatch(t -> t.contains("CPU")).anyMatch(t -> t.contains("Memory"));
  }

  /**
   * promtool parses every PromQL query (as a recording rule), so a typo fails here, not on a
   * screen.
   */
  @Test
  void everyPrometheusQueryParses(@TempDir Path dir) throws IOException {
    Tools.requireTool("promtool", "prometheus");
    Map<String, String> queries = prometheusQueries();
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
    int i = 0;
    for (String expr : queries.values()) {
      rules
          .append("      - record: dashboard_query_")
          .append(i++)
          .append("\n        expr: ")
          .append(Yaml.JSON.writeValueAsString(expr))
          .append('\n');
    }
    Files.writeString(dir.resolve("queries.yml"), rules.toString());

    Tools.Result r = Tools.run(dir, "promtool", "check", "rules", "queries.yml");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS: " + queries.size() + " rules found");
  }

  /** Panel title + refId -> PromQL of every Prometheus target of every dashboard. */
  static Map<String, String> prometheusQueries() {
    Map<String, String> queries = new LinkedHashMap<>();
    for (String name : DASHBOARDS) {
      for (JsonNode panel : Yaml.json("infra/grafana/dashboards/" + name + ".json").get("panels")) {
        for (JsonNode target : panel.get("targets")) {
          if (target.at("/datasource/uid").asText().equals("prometheus")) {
            queries.put(
                name + "/" + panel.get("title").asText() + "/" + target.get("refId").asText(),
                target.get("expr").asText());
          }
        }
      }
    }
    return queries;
  }

  private static List<String> titles(String dashboard) {
    List<String> titles = new ArrayList<>();
    Yaml.json("infra/grafana/dashboards/" + dashboard + ".json")
        .get("panels")
        .forEach(p -> titles.add(p.get("title").asText()));
    return titles;
  }
}
