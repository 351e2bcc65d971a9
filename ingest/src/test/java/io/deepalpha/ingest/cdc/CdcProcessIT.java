package io.deepalpha.ingest.cdc;

import static io.deepalpha.ingest.cdc.LiveConfigTables.XARB_BTC;
import static io.deepalpha.ingest.cdc.LiveConfigTables.dropSlot;
import static io.deepalpha.ingest.cdc.LiveConfigTables.execute;
import static io.deepalpha.ingest.cdc.LiveConfigTables.uniqueDecimal;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.ingest.cdc.ConfigTopicsReader.Received;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest cdc} as the orchestrator runs it: its own JVM from the runnable jar (target/lib),
 * /metrics, SIGTERM, and a restart from the same state dir.
 */
@WithLocalStack
class CdcProcessIT {
  private static final Duration START = Duration.ofSeconds(120);
  private static final Duration ARRIVAL = Duration.ofSeconds(60);

  @TempDir Path dir;

  @BeforeAll
  static void migrate(StackEndpoints stack) {
    LiveConfigTables.migrate(stack);
  }

  @Test
  void sigtermStopsItCleanlyAndTheNextStartResumesRightAfterTheLastChange(StackEndpoints stack)
      throws Exception {
    String slot = "it_cdc_process_" + Long.toHexString(System.nanoTime());
    String first = uniqueDecimal();
    String second = uniqueDecimal();
    Process process = null;
    try {
      try (ConfigTopicsReader reader = new ConfigTopicsReader(stack.kafkaBootstrap())) {
        int port = freePort();
        process = start(stack, slot, port, dir.resolve("first.log"));
        awaitMetric(port, "ingest_cdc_engine_up 1.0", process);
        execute(stack, "UPDATE strategies SET min_edge_bps = " + first + " " + XARB_BTC);
        reader.await(r -> hasEdge(r, first), ARRIVAL);
        awaitMetric(
            port,
            "ingest_cdc_changes_published_total{op=\"UPDATE\",table=\"strategies\"}",
            process);
        assertThat(metrics(port)).contains("ingest_cdc_lag_seconds{table=\"strategies\"}");

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
      }
      String log = Files.readString(dir.resolve("first.log"));
      assertThat(log).contains("config CDC engine stopped");
      assertThat(log).doesNotContain(stack.postgresPassword());

      try (ConfigTopicsReader reader = new ConfigTopicsReader(stack.kafkaBootstrap())) {
        execute(stack, "UPDATE strategies SET min_edge_bps = " + second + " " + XARB_BTC);
        process = start(stack, slot, freePort(), dir.resolve("second.log"));
        reader.await(r -> hasEdge(r, second), Duration.ofSeconds(180));
        List<Received> sinceStop = reader.received();
        assertThat(sinceStop).as("only the change made while stopped").hasSize(1);
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      if (process != null) {
        process.destroyForcibly();
      }
      dropSlot(stack, slot);
    }
  }

  private static boolean hasEdge(Received r, String edge) {
    return r.change() != null
        && r.change().getAfter() != null
        && edge.equals(r.change().getAfter().get("min_edge_bps"));
  }

  private Process start(StackEndpoints stack, String slot, int metricsPort, Path log)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                runnableJar().toString(),
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
                "--metrics-port",
                Integer.toString(metricsPort))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("POSTGRES_PASSWORD", stack.postgresPassword());
    builder.environment().remove("POSTGRES_PASSWORD_FILE");
    return builder.start();
  }

  /** target/deepalpha-ingest-VERSION.jar, built by `package` before the integration tests. */
  private static Path runnableJar() throws IOException {
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(Path.of("target"), "deepalpha-ingest-*.jar")) {
      for (Path jar : jars) {
        if (!jar.getFileName().toString().contains("-tests")) {
          assertThat(Path.of("target", "lib")).as("runtime dependencies").isDirectory();
          return jar;
        }
      }
    }
    throw new AssertionError("no target/deepalpha-ingest-*.jar: run `mvn -pl ingest verify`");
  }

  private static void awaitMetric(int port, String text, Process process) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    String last = "";
    while (System.nanoTime() - deadline < 0) {
      assertThat(process.isAlive()).as("ingest cdc is running").isTrue();
      try {
        last = metrics(port);
        if (last.contains(text)) {
          return;
        }
      } catch (IOException notYetServing) {
        last = notYetServing.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no '" + text + "' on /metrics within " + START + ": " + last);
  }

  private static String metrics(int port) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    return client
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
