package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest_*, deepalpha_executor_* and node_* metrics the dashboards and alert rules use, found
 * in real scrapes: ingest's metric registry served by its own HTTP server, the executor running as
 * a child JVM (paper mode, the local stack's Kafka), and node-exporter.
 */
@WithLocalStack
class ServiceMetricsIT {
  private static final Duration STARTUP = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void executorExportsEveryMetricTheDashboardsAndAlertsUse(StackEndpoints stack) throws Exception {
    requireModuleClasses("io.deepalpha.executor.ExecutorMain");
    Set<String> used = MetricNames.used("deepalpha_executor_");
    assertThat(used)
        .contains(
            "deepalpha_executor_signals_rejected_total",
            "deepalpha_executor_signal_to_wire_seconds");
    int port = MetricNames.freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            "io.deepalpha.executor.ExecutorMain",
            "--env-file",
            Repo.path("configs/.env.c5n.testing").toString());
    pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrap());
    pb.environment().put("KAFKA_GROUP_ID", "deploy-tests-metrics");
    pb.environment().put("KAFKA_GROUP_INSTANCE_ID", "deploy-tests-metrics");
    pb.environment().put("HTTP_BIND", "127.0.0.1");
    pb.environment().put("HTTP_PORT", Integer.toString(port));
    pb.environment().put("JOURNAL_DIR", dir.resolve("journal").toString());
    pb.environment().put("JOURNAL_SIZE_MB", "8");
    Path log = dir.resolve("executor.log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());

    String body = scrapeChild(pb, "http://127.0.0.1:" + port + "/metrics", log);

    assertThat(used).isSubsetOf(MetricNames.exported(body));
  }

  @Test
  void ingestExportsEveryMetricTheDashboardsAndAlertsUse() throws Exception {
    requireModuleClasses("io.deepalpha.ingest.metrics.IngestMetrics");
    // ingest_cdc_* come from `ingest cdc`, a process of its own: CdcDeploymentTest scrapes those.
    Set<String> used =
        MetricNames.used("ingest_").stream()
            .filter(name -> !name.startsWith("ingest_cdc_"))
            .collect(java.util.stream.Collectors.toSet());
    assertThat(used)
        .contains(
            "ingest_frames_total",
            "ingest_book_resyncs_total",
            "ingest_stale_feeds_total",
            "ingest_book_snapshot_fetches_total",
            "ingest_book_snapshot_failures_total",
            "ingest_rest_used_weight",
            "ingest_rest_weight_limit",
            "ingest_rest_requests_held_back_total",
            "ingest_rest_rate_limited_total");

    String body = IngestScrape.scrape();

    assertThat(used).isSubsetOf(MetricNames.exported(body));
  }

  @Test
  void nodeExporterExportsEveryHostMetricTheDashboardsAndAlertsUse() throws Exception {
    Tools.requireTool("prometheus-node-exporter", "prometheus-node-exporter");
    Set<String> used = MetricNames.used("node_");
    assertThat(used).contains("node_memory_MemAvailable_bytes", "node_cpu_seconds_total");
    int port = MetricNames.freePort();
    ProcessBuilder pb =
        new ProcessBuilder("prometheus-node-exporter", "--web.listen-address=127.0.0.1:" + port);
    Path log = dir.resolve("node-exporter.log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());

    String body = scrapeChild(pb, "http://127.0.0.1:" + port + "/metrics", log);

    assertThat(used).isSubsetOf(MetricNames.exported(body));
  }

  /** Starts the process, scrapes url once it answers, stops the process (SIGTERM, then kill). */
  private static String scrapeChild(ProcessBuilder pb, String url, Path log) throws Exception {
    Process process = pb.start();
    try {
      long deadline = System.nanoTime() + STARTUP.toNanos();
      while (System.nanoTime() < deadline) {
        assertThat(process.isAlive())
            .as("%s exited early:%n%s", pb.command().get(0), tail(log))
            .isTrue();
        String body = MetricNames.scrape(url);
        if (body != null) {
          return body;
        }
        Thread.sleep(250);
      }
      throw new AssertionError(url + " did not answer within " + STARTUP + ":\n" + tail(log));
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /**
   * Run alone ({@code -pl infra/deploy-tests}), Maven resolves the modules from ~/.m2, where a
   * snapshot may hold no classes; the reactor build ({@code mvn -B verify}) uses the modules'.
   */
  private static void requireModuleClasses(String className) {
    boolean present;
    try {
      Class.forName(className, false, ServiceMetricsIT.class.getClassLoader());
      present = true;
    } catch (ClassNotFoundException e) {
      present = false;
    }
    assumeTrue(
        present,
        className
            + " is not on the test classpath (the resolved snapshot has no classes): run the"
            + " reactor, e.g. mvn -B verify, or -pl ingest,executor,infra/deploy-tests -am; skipped");
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
