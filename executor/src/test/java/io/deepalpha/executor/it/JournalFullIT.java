package io.deepalpha.executor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.executor.Executor;
import io.deepalpha.executor.config.ConfigLoader;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * A journal that cannot roll: a 1 MB segment fills up under a stream of signals while the disk
 * cannot give a new segment its JOURNAL_SIZE_MB plus JOURNAL_MIN_FREE_MB (a reserve larger than any
 * disk: the real free space, asked of the real file system, is too small). The executor stops
 * before a signal it cannot record, says so (/ready, metrics, log, exit code 4), and after the
 * README's procedure (wait until everything is published, archive the journal directory, start
 * again) every signal has exactly one outcome — the ones before the full journal from the first
 * executor, the rest from the second. And the normal case: the same stream through 512 KB segments
 * rolls several times without stopping, deletes what is published, and still gives every signal
 * exactly one outcome.
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
    env.put("JOURNAL_MIN_FREE_MB", Integer.toString(Integer.MAX_VALUE));
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
        // No room for another segment beyond the reserve: the journal can hold its one segment.
        assertThat(metrics).contains("deepalpha_executor_journal_capacity_bytes 1048576.0");
        assertThat(counter(metrics, "deepalpha_executor_journal_bytes")).isGreaterThan(1_000_000);
        assertThat(metrics).contains("deepalpha_executor_publisher_lag_bytes 0.0");
        firstOutcomes =
            counter(metrics, "deepalpha_executor_signals_rejected_total")
                + counter(metrics, "deepalpha_executor_signals_expired_total");
        assertThat(firstOutcomes).isBetween(1_000.0, SIGNALS - 1.0);
      }
      // Step 2: archive the journal directory (journal + publisher checkpoint), start again.
      Files.move(journalDir, dir.resolve("journal-archived"));
      env.put("JOURNAL_SIZE_MB", "8");
      env.remove("JOURNAL_MIN_FREE_MB");
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

  @Test
  void smallSegmentsRollWithoutStoppingAndEverySignalHasExactlyOneOutcome(StackEndpoints stack)
      throws Exception {
    String suffix = ".jroll" + System.nanoTime();
    Path journalDir = dir.resolve("journal");
    Map<String, String> env = PaperExecutorIT.baseEnv(stack, suffix, journalDir);
    env.put("JOURNAL_SIZE_MB", "0.5");
    HttpClient http = HttpClient.newHttpClient();
    List<Signal> signals = new ArrayList<>();
    long nowUs = System.currentTimeMillis() * 1000;
    for (int i = 0; i < SIGNALS; i++) {
      signals.add(
          PaperExecutorIT.signal(
              String.format("journal-roll-signal-%05d", i),
              65_000_0000L,
              65_100_0000L,
              100_000L,
              nowUs));
    }
    try (KafkaTestSupport kafka = new KafkaTestSupport(stack.kafkaBootstrap(), suffix)) {
      CompletableFuture<Integer> exit = new CompletableFuture<>();
      try (Executor executor =
          Executor.start(ConfigLoader.load(List.of(), env), List.of(), env, exit::complete)) {
        String base = "http://127.0.0.1:" + executor.httpPort();
        PaperExecutorIT.awaitReady(http, base);
        kafka.sendAll(Topics.SIGNALS, signals);
        List<Order> orders =
            kafka.orders(o -> outcomes(o).size() >= SIGNALS, Duration.ofSeconds(180));
        Map<String, Set<String>> outcomes = outcomes(orders);
        assertThat(outcomes).hasSize(SIGNALS);
        assertThat(outcomes.values()).allMatch(o -> o.size() == 1);
        assertThat(exit).isNotDone();

        String metrics = get(http, base + "/metrics").body();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((counter(metrics, "deepalpha_executor_publisher_lag_bytes") > 0
                || counter(metrics, "deepalpha_executor_journal_segments") > 1)
            && System.nanoTime() - deadline < 0) {
          Thread.sleep(100);
          metrics = get(http, base + "/metrics").body();
        }
        // ~240 bytes a refusal; a snapshot carries every id so far (16 bytes each, all inside the
        // dedup horizon here), up to 160 KB: 10 000 refusals are at least 5 rolls.
        assertThat(counter(metrics, "deepalpha_executor_journal_rolls_total"))
            .isGreaterThanOrEqualTo(5);
        assertThat(counter(metrics, "deepalpha_executor_journal_full_total")).isZero();
        assertThat(counter(metrics, "deepalpha_executor_journal_segments")).isEqualTo(1);
        assertThat(counter(metrics, "deepalpha_executor_journal_bytes"))
            .isEqualTo(counter(metrics, "deepalpha_executor_journal_segment_bytes"))
            .isLessThan(512 * 1024);
        assertThat(counter(metrics, "deepalpha_executor_journal_segment_capacity_bytes"))
            .isEqualTo(512 * 1024);
        // This disk has room for many more segments: the journal is far from full.
        assertThat(counter(metrics, "deepalpha_executor_journal_capacity_bytes"))
            .isGreaterThan(10 * 512 * 1024);
        assertThat(counter(metrics, "deepalpha_executor_journal_compaction_seconds"))
            .isPositive()
            .isLessThan(1.0);
        assertThat(get(http, base + "/ready").body()).contains("journal-has-room ok");
        long active = (long) counter(metrics, "deepalpha_executor_journal_rolls_total") + 1;
        // Besides them only the next segment, prepared ahead by the SegmentPreparer: not sealed
        // (header data start 0), so not a segment yet.
        String prepared = String.format("executor-%010d.journal", active + 1);
        try (var files = Files.list(journalDir)) {
          assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(prepared)))
              .containsExactlyInAnyOrder(
                  String.format("executor-%010d.journal", active), "publisher.checkpoint");
        }
        if (Files.exists(journalDir.resolve(prepared))) {
          assertThat(headerDataStart(journalDir.resolve(prepared))).isZero();
        }
      }
    }
  }

  /** A segment's header: data start, an int at byte 16 (0 until the roll seals it). */
  private static int headerDataStart(Path segment) throws IOException {
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
      ch.read(header, 16);
      return header.flip().getInt();
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
