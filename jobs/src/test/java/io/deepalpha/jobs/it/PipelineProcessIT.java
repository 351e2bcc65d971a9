package io.deepalpha.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.jobs.cli.JobsCli;
import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.topic.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs pipeline-live} as the orchestrator runs it: its own JVM, store settings from the
 * environment, the web UI and the Prometheus endpoint on their ports, SIGTERM stopping it with a
 * savepoint; and a missing database refused at start with exit 2.
 */
@WithLocalStack
class PipelineProcessIT {
  private static final Duration UP = Duration.ofSeconds(120);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void processServesWebUiAndMetricsStoresSignalsAndStopsWithASavepointOnSigterm(
      StackEndpoints stack) throws Exception {
    StackEnv.migrate(stack);
    String prefix = "proc" + System.nanoTime() + ".";
    Path config = dir.resolve("trading.yaml");
    Files.writeString(config, SpreadFixtures.CONFIG_YAML);
    Path savepoints = dir.resolve("savepoints");
    int uiPort = freePort();
    int metricsPort = freePort();
    // Event times of this run only (the stack's database outlives runs): the last minute.
    long baseUs = (System.currentTimeMillis() / 1_000L - 60L) * 1_000_000L;

    try (KafkaTestTopics kafka = new KafkaTestTopics(stack.kafkaBootstrap());
        StoreReader stored = new StoreReader(stack)) {
      for (var topic : Topics.all()) {
        kafka.createExactly(prefix + topic.name(), 1);
      }
      Process process =
          start(
              StackEnv.of(stack),
              "pipeline-live",
              "--bootstrap-servers=" + stack.kafkaBootstrap(),
              "--topic-prefix=" + prefix,
              "--group-id=" + prefix + "pipeline",
              "--from-earliest",
              "--config=" + config,
              "--postgres",
              "--influx",
              "--web-ui-port=" + uiPort,
              "--metrics-port=" + metricsPort,
              "--savepoint-dir=" + savepoints,
              "--checkpoint-interval-ms=2000");
      try {
        String ui = "http://127.0.0.1:" + uiPort;
        assertThat(awaitGet(ui + "/", "Apache Flink", process)).contains("Apache Flink");
        assertThat(awaitGet(ui + "/jobs/overview", "RUNNING", process))
            .contains("deepalpha pipeline");

        for (Quote q : edge(baseUs)) {
          kafka.send(prefix + Topics.MD_QUOTES.name(), q.getInstrument(), q);
        }
        String from = Instant.ofEpochSecond(0, baseUs * 1_000L).toString();
        List<Map<String, Object>> signals =
            StoreReader.await(
                () ->
                    stored.rows(
                        "SELECT buy_venue, sell_venue, net_bps FROM signals"
                            + " WHERE instrument = 'BTC-USDT' AND event_time >= '"
                            + from
                            + "' AND event_time < '"
                            + Instant.ofEpochSecond(0, (baseUs + 10_000_000L) * 1_000L)
                            + "'"),
                r -> !r.isEmpty(),
                UP);
        // BINANCE ask 100.0100, OKX bid 100.3000: 28.99 bps gross, 8.99 net after 2 x 10 bps.
        assertThat(signals)
            .extracting(r -> r.get("buy_venue") + ">" + r.get("sell_venue"))
            .containsExactly("BINANCE>OKX");

        String metrics =
            awaitGet("http://127.0.0.1:" + metricsPort + "/metrics", "deepalpha_signals", process);
        assertThat(metrics).contains("flink_jobmanager").contains("deepalpha_signals");

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(UP.toSeconds(), TimeUnit.SECONDS))
            .as("stopped within %s; log:%n%s", UP, log())
            .isTrue();
        // 143 = 128 + SIGTERM: the JVM's status after a signal, once the shutdown hook is done.
        assertThat(process.exitValue()).as(log()).isEqualTo(143);
        assertThat(savepointMetadata(savepoints)).as(log()).isNotEmpty();
        assertThat(log()).contains("Stopped with savepoint");
      } finally {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void missingDatabaseStopsTheStartWithExitTwoNamingIt(StackEndpoints stack) throws Exception {
    Map<String, String> env = StackEnv.of(stack);
    String url = stack.postgresJdbcUrl();
    env.put("POSTGRES_JDBC_URL", url.substring(0, url.lastIndexOf('/')) + "/deepalpha_missing");
    Process process =
        start(
            env,
            "pipeline-live",
            "--bootstrap-servers=" + stack.kafkaBootstrap(),
            "--postgres",
            "--web-ui-port=0",
            "--metrics-port=0");

    assertThat(process.waitFor(UP.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(log()).isEqualTo(2);
    assertThat(log()).contains("pipeline-live cannot start").contains("deepalpha_missing");
  }

  /** BINANCE flat, then an OKX bid 30 bps higher: one BINANCE>OKX signal, and a later quote. */
  private static List<Quote> edge(long baseUs) {
    List<Quote> quotes = new ArrayList<>();
    quotes.add(at(SpreadFixtures.flat(Venue.BINANCE, 0, 1), baseUs));
    quotes.add(at(SpreadFixtures.bidAt(Venue.OKX, 1_000L, 1, 1_003_000L), baseUs + 1_000L));
    quotes.add(at(SpreadFixtures.flat(Venue.KRAKEN, 0, 1), baseUs + 5_000_000L));
    return quotes;
  }

  private static Quote at(Quote q, long timeUs) {
    return Quote.newBuilder(q)
        .setExchangeTimeUs(timeUs)
        .setReceiveTimeNs(timeUs * 1_000L + 300_000L)
        .build();
  }

  private Process start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    command.add(
        "-Dlog4j2.configurationFile="
            + Path.of("src/test/resources/log4j2-test.properties").toAbsolutePath());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(JobsCli.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile().toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("POSTGRES_") || k.startsWith("INFLUX_"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private Path logFile() {
    return dir.resolve("process.log");
  }

  private String log() {
    try {
      return Files.exists(logFile()) ? Files.readString(logFile()) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** GETs {@code url} until the body contains {@code expected}; the last body (or ""). */
  private String awaitGet(String url, String expected, Process process) throws Exception {
    String body =
        StoreReader.await(() -> get(url), b -> b.contains(expected) || !process.isAlive(), UP);
    assertThat(process.isAlive()).as("process alive; log:%n%s", log()).isTrue();
    return body;
  }

  private static String get(String url) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static List<Path> savepointMetadata(Path savepoints) throws IOException {
    if (!Files.isDirectory(savepoints)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(savepoints)) {
      return files.filter(p -> p.getFileName().toString().equals("_metadata")).toList();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
