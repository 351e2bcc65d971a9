package io.deepalpha.executor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.executor.Executor;
import io.deepalpha.executor.config.ConfigLoader;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 MB journal fills up under a stream of signals: the executor stops before a signal it cannot
 * record, says so (/ready, metrics, exit code 4), and after the README's procedure (wait until
 * everything is published, archive the journal directory, start again) every signal has exactly one
 * outcome — the ones before the full journal from the first executor, the rest from the second.
 */
@WithLocalStack
class JournalFullIT {
  // A refusal is one ~240-byte journal record: about 4 300 fit in 1 MB.
  private static final int SIGNALS = 10_000;

  @TempDir Path dir;

  @Test
  void fullJournalStopsWithCode4AndAfterArchivingItEverySignalHasExactlyOneOutcome(
      StackEndpoints stack) throws Exception {
    String suffix = ".jfull" + System.nanoTime();
    Path journalDir = dir.resolve("journal");
    Map<String, String> env = PaperExecutorIT.baseEnv(stack, suffix, journalDir);
    env.put("JOURNAL_SIZE_MB", "1");
    HttpClient http = HttpClient.newHttpClient();
    List<Signal> signals = new ArrayList<>();
    long nowUs = System.currentTimeMillis() * 1000;
    for (int i = 0; i < SIGNALS; i++) {
      signals.add(
          PaperExecutorIT.signal(
              String.format("journal-full-signal-%05d", i),
              65_000_0000L,
              65_100_0000L,
              100_000L,
              nowUs));
    }
    try (KafkaTestSupport kafka = new KafkaTestSupport(stack.kafkaBootstrap(), suffix)) {
      CompletableFuture<Integer> exit = new CompletableFuture<>();
      double firstOutcomes;
      try (Executor first =
          Executor.start(ConfigLoader.load(List.of(), env), List.of(), env, exit::complete)) {
        String base = "http://127.0.0.1:" + first.httpPort();
        PaperExecutorIT.awaitReady(http, base);
        kafka.sendAll(Topics.SIGNALS, signals);

        assertThat(exit.get(180, TimeUnit.SECONDS)).isEqualTo(Executor.EXIT_JOURNAL_FULL);
        HttpResponse<String> ready = get(http, base + "/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("journal-has-room NOT READY");
        // Step 1 of the procedure: everything in the journal is on Kafka.
        String metrics = get(http, base + "/metrics").body();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (counter(metrics, "deepalpha_executor_publisher_lag_bytes") > 0
            && System.nanoTime() - deadline < 0) {
          Thread.sleep(100);
          metrics = get(http, base + "/metrics").body();
        }
        assertThat(metrics).contains("deepalpha_executor_journal_full_total 1.0");
        assertThat(metrics).contains("deepalpha_executor_publisher_lag_bytes 0.0");
        firstOutcomes =
            counter(metrics, "deepalpha_executor_signals_rejected_total")
                + counter(metrics, "deepalpha_executor_signals_expired_total");
        assertThat(firstOutcomes).isBetween(1_000.0, SIGNALS - 1.0);
      }
      // Step 2: archive the journal directory (journal + publisher checkpoint), start again.
      Files.move(journalDir, dir.resolve("journal-archived"));
      env.put("JOURNAL_SIZE_MB", "8");
      try (Executor second = Executor.start(ConfigLoader.load(List.of(), env), List.of(), env)) {
        String base = "http://127.0.0.1:" + second.httpPort();
        List<Order> orders =
            kafka.orders(o -> outcomes(o).size() >= SIGNALS, Duration.ofSeconds(180));
        Map<String, Set<String>> outcomes = outcomes(orders);
        assertThat(outcomes).hasSize(SIGNALS);
        List<String> twice = new ArrayList<>();
        outcomes.forEach(
            (id, records) -> {
              if (records.size() != 1) {
                twice.add(id + " " + records);
              }
            });
        assertThat(twice).as("signals with more than one outcome").isEmpty();
        String metrics = get(http, base + "/metrics").body();
        double secondOutcomes =
            counter(metrics, "deepalpha_executor_signals_rejected_total")
                + counter(metrics, "deepalpha_executor_signals_expired_total");
        assertThat(firstOutcomes + secondOutcomes).isEqualTo(SIGNALS);
        assertThat(counter(metrics, "deepalpha_executor_signals_duplicate_total")).isZero();
      }
    }
  }

  /** Per signal id, its distinct revision-0 records (client order id, status, reason). */
  private static Map<String, Set<String>> outcomes(List<Order> orders) {
    Map<String, Set<String>> out = new HashMap<>();
    for (Order o : orders) {
      if (o.getRevision() == 0) {
        out.computeIfAbsent(o.getSignalId(), k -> new HashSet<>())
            .add(o.getClientOrderId() + " " + o.getStatus() + " " + o.getReason());
      }
    }
    return out;
  }

  private static double counter(String metrics, String name) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).strip());
      }
    }
    throw new AssertionError(name + " not in /metrics");
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
