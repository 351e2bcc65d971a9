package io.deepalpha.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.LocalStack;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.ingest.IngestProcess;
import io.deepalpha.ingest.simulator.SimulatorSettings;
import io.deepalpha.ingest.simulator.VenueSimulator;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest run} as its own JVM against the simulator (OKX and Kraken on two I/O threads) and
 * the real broker: /ready follows the venues and Kafka — 503 naming the part that is down, 200
 * again once it is back — while /health stays 200.
 */
@WithLocalStack
class RunReadinessIT {
  private static final Duration START = Duration.ofSeconds(120);
  private static final Duration CHANGE = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void readyFollowsTheVenuesAndKafkaNamingThePartThatIsDown(
      StackEndpoints endpoints, LocalStack stack) throws Exception {
    InstrumentRegistry registry = InstrumentRegistry.loadDefault();
    List<String> instruments = List.of("BTC-USDT");
    int venuePort = IngestProcess.freePort();
    int port = IngestProcess.freePort();
    VenueSimulator simulator = simulator(registry, instruments, venuePort);
    try (IngestProcess ingest =
        IngestProcess.start(
            List.of(
                "run",
                "--venues",
                "OKX,KRAKEN",
                "--instruments",
                "BTC-USDT",
                "--kafka",
                endpoints.kafkaBootstrap(),
                "--endpoint",
                "OKX=ws://127.0.0.1:" + venuePort + "/okx",
                "--endpoint",
                "KRAKEN=ws://127.0.0.1:" + venuePort + "/kraken",
                "--io-threads",
                "2",
                "--metrics-port",
                Integer.toString(port)),
            Map.of(),
            dir.resolve("run.log"),
            port)) {
      HttpResponse<String> ready = ingest.await("/ready", r -> r.statusCode() == 200, START);
      assertThat(ready.body())
          .isEqualTo(
              "{\"status\":\"READY\",\"service\":\"ingest run\","
                  + "\"checks\":{\"kafka\":\"ok\",\"OKX\":\"ok\",\"OKX/BTC-USDT\":\"ok\","
                  + "\"KRAKEN\":\"ok\",\"KRAKEN/BTC-USDT\":\"ok\"}}");
      assertThat(ingest.get("/health").body())
          .isEqualTo("{\"status\":\"UP\",\"service\":\"ingest run\"}");
      String metrics = ingest.get("/metrics").body();
      assertThat(metrics).contains("ingest_ready 1.0").contains("ingest_kafka_reachable 1.0");
      assertThat(ingest.log()).contains("2 I/O thread(s)");

      // A venue goes away: both connections report why, Kafka stays ok.
      simulator.close();
      HttpResponse<String> venuesDown =
          ingest.await(
              "/ready", r -> r.statusCode() == 503 && !r.body().contains("\"OKX\":\"ok\""), CHANGE);
      assertThat(venuesDown.body())
          .startsWith("{\"status\":\"NOT_READY\"")
          .contains("\"kafka\":\"ok\"")
          .containsPattern("\"OKX\":\"(disconnected|connect failed)")
          .containsPattern("\"OKX/BTC-USDT\":\"no connection \\(");
      assertThat(ingest.get("/health").statusCode()).isEqualTo(200);
      assertThat(ingest.get("/metrics").body()).contains("ingest_ready 0.0");

      simulator = simulator(registry, instruments, venuePort);
      ingest.await("/ready", r -> r.statusCode() == 200, CHANGE);

      // Kafka goes away: the kafka part says since when no broker answered; the venues stay ok.
      stack.stop(LocalStack.Service.KAFKA);
      HttpResponse<String> kafkaDown =
          ingest.await(
              "/ready",
              r -> r.statusCode() == 503 && r.body().contains("no broker answered"),
              CHANGE);
      assertThat(kafkaDown.body())
          .containsPattern("\"kafka\":\"no broker answered for \\d+ s")
          .contains("\"OKX\":\"ok\"")
          .contains("\"KRAKEN\":\"ok\"");
      assertThat(ingest.get("/metrics").body()).contains("ingest_kafka_reachable 0.0");
      assertThat(ingest.log()).as("the outage's start").contains("Kafka probe: ");
      assertThat(ingest.get("/health").statusCode()).isEqualTo(200);

      stack.up(line -> {});
      ingest.await("/ready", r -> r.statusCode() == 200, CHANGE);
      assertThat(ingest.get("/metrics").body()).contains("ingest_kafka_reachable 1.0");
      // Changes only: each outage once at its start and once at its end, not every failed probe.
      String log = ingest.log();
      assertThat(occurrences(log, "Kafka answers again"))
          .as("outage ends logged; the log:%n%s", log)
          .isPositive()
          .isEqualTo(occurrences(log, "Kafka probe: "));

      ingest.process().destroy(); // SIGTERM
      assertThat(ingest.process().waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
    } catch (Exception | AssertionError e) {
      System.err.println("[run-readiness] failed (" + e + "); the ingest log:\n" + log());
      throw e;
    } finally {
      simulator.close();
      stack.up(line -> {}); // whatever happened, leave Kafka running for the next tests
    }
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("run.log"));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /**
   * A simulator on {@code port}. The port is fixed (it is the ingest's endpoint): a restart retries
   * the bind for a while, since one of the ingest's own reconnect attempts may hold the port as its
   * local end for a moment.
   */
  private static VenueSimulator simulator(
      InstrumentRegistry registry, List<String> instruments, int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      VenueSimulator simulator =
          new VenueSimulator(
              SimulatorSettings.defaults().withStepInterval(Duration.ofMillis(20)),
              registry,
              instruments);
      try {
        simulator.start(port);
        return simulator;
      } catch (Exception e) {
        simulator.close();
        if (!(e instanceof BindException) || System.nanoTime() - deadline > 0) {
          throw e;
        }
        System.err.println("[run-readiness] port " + port + " busy (" + e + "), retrying");
        Thread.sleep(200);
      }
    }
  }
}
