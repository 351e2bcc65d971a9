package io.deepalpha.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Metric names used by the alert rules and dashboards, and names found in a /metrics scrape. */
final class MetricNames {
  private static final Pattern USED =
      Pattern.compile("\\b((?:ingest|deepalpha|flink|node)_[A-Za-z0-9_]+)\\b");
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private MetricNames() {}

  /** Every metric the rules and the Prometheus dashboard queries name, with the given prefix. */
  static Set<String> used(String prefix) {
    StringBuilder promql = new StringBuilder();
    for (JsonNode group : Yaml.file("infra/prometheus/rules/deepalpha.yml").get("groups")) {
      group.get("rules").forEach(r -> promql.append(r.get("expr").asText()).append('\n'));
    }
    GrafanaTest.prometheusQueries().values().forEach(q -> promql.append(q).append('\n'));
    Set<String> names = new TreeSet<>();
    Matcher m = USED.matcher(promql);
    while (m.find()) {
      if (m.group(1).startsWith(prefix)) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Sample names of a Prometheus text exposition (histogram series keep their _bucket suffix). */
  static Set<String> exported(String exposition) {
    Set<String> names = new TreeSet<>();
    Matcher m = SAMPLE.matcher(exposition);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** GET url; the body on a 200, null on anything else (not up yet). */
  static String scrape(String url) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while scraping " + url, e);
    }
  }

  static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
