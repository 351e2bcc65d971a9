package io.deepalpha.executor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.executor.Executor;
import io.deepalpha.executor.config.ConfigLoader;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two executors with the same KAFKA_GROUP_INSTANCE_ID (a deployment mistake, or a stale process
 * left behind): the second takes the signals partitions, the first is fenced — it must say so
 * (/ready, kafka_poll_errors_total) instead of looking healthy, and a signal gets one outcome.
 */
@WithLocalStack
class FencedExecutorIT {
  @TempDir Path dir;

  @Test
  void aSecondExecutorWithTheSameInstanceIdFencesTheFirstWhichReportsNotReady(StackEndpoints stack)
      throws Exception {
    String suffix = ".fenced" + System.nanoTime();
    Map<String, String> envA = PaperExecutorIT.baseEnv(stack, suffix, dir.resolve("a"));
    envA.put("KAFKA_GROUP_INSTANCE_ID", "same-instance");
    Map<String, String> envB = PaperExecutorIT.baseEnv(stack, suffix, dir.resolve("b"));
    envB.put("KAFKA_GROUP_INSTANCE_ID", "same-instance");
    HttpClient http = HttpClient.newHttpClient();
    try (KafkaTestSupport kafka = new KafkaTestSupport(stack.kafkaBootstrap(), suffix);
        Executor a = Executor.start(ConfigLoader.load(List.of(), envA), List.of(), envA)) {
      String baseA = "http://127.0.0.1:" + a.httpPort();
      PaperExecutorIT.awaitReady(http, baseA);
      try (Executor b = Executor.start(ConfigLoader.load(List.of(), envB), List.of(), envB)) {
        String baseB = "http://127.0.0.1:" + b.httpPort();
        PaperExecutorIT.awaitReady(http, baseB);

        String ready = awaitNotReady(http, baseA, Duration.ofSeconds(60));
        assertThat(ready).contains("kafka-assigned NOT READY").contains("kafka-connected ok");
        PaperExecutorIT.awaitCounter(http, baseA, "deepalpha_executor_kafka_poll_errors_total", 1);

        long nowUs = System.currentTimeMillis() * 1000;
        kafka.send(
            Topics.SIGNALS,
            PaperExecutorIT.signal("after-fencing", 65_000_0000L, 65_100_0000L, 100_000L, nowUs));
        List<Order> orders =
            kafka.orders(
                o -> o.stream().anyMatch(x -> x.getSignalId().equals("after-fencing")),
                Duration.ofSeconds(60));
        assertThat(orders)
            .filteredOn(o -> o.getSignalId().equals("after-fencing") && o.getRevision() == 0)
            .hasSize(1); // one refusal (no quotes), by the executor that holds the partitions
        PaperExecutorIT.awaitCounter(http, baseB, "deepalpha_executor_signals_received_total", 1);
        assertThat(get(http, baseA + "/metrics"))
            .contains("deepalpha_executor_signals_received_total 0.0");
      }
    }
  }

  private static String awaitNotReady(HttpClient http, String base, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/ready")).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 503 || System.nanoTime() - deadline > 0) {
        return r.statusCode() + " " + r.body();
      }
      Thread.sleep(100);
    }
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
