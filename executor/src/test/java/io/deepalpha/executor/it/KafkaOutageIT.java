package io.deepalpha.executor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.executor.Executor;
import io.deepalpha.executor.config.ConfigLoader;
import io.deepalpha.executor.core.ClientOrderIds;
import io.deepalpha.executor.core.Leg;
import io.deepalpha.infra.stack.LocalStack;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.topic.Topics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack's Kafka broker is stopped under two running executors and started again on its port: an
 * in-process one that waits for ever (KAFKA_OUTAGE_EXIT_SECONDS=0, backoff idle) and a child
 * process with a 15 s limit that busy-spins while Kafka is there (the production idle strategy).
 */
@WithLocalStack
class KafkaOutageIT {
  private static final int LIMIT_S = 15;
  // CPU bounds over a 5 s window: generous for a thread that idles, far below one that spins.
  private static final long EXECUTOR_THREAD_CPU_MAX_NS = 500_000_000L; // 10 % of a core
  private static final long CHILD_THREADS_CPU_MAX_NS = 1_000_000_000L; // 20 % of a core

  @TempDir Path dir;

  @Test
  void kafkaOutageTurnsNotReadyIdlesExitsWithCode3AfterTheLimitAndLosesNoOutcome(
      StackEndpoints stack, LocalStack local) throws Exception {
    String suffixA = ".outageA" + System.nanoTime();
    String suffixB = ".outageB" + System.nanoTime();
    Map<String, String> envA = PaperExecutorIT.baseEnv(stack, suffixA, dir.resolve("journal-a"));
    envA.put("KAFKA_OUTAGE_EXIT_SECONDS", "0");
    envA.put("IDLE_STRATEGY", "busy-spin");
    Map<String, String> envB = PaperExecutorIT.baseEnv(stack, suffixB, dir.resolve("journal-b"));
    envB.put("KAFKA_OUTAGE_EXIT_SECONDS", Integer.toString(LIMIT_S));
    envB.put("KAFKA_GROUP_INSTANCE_ID", "outage-it-b");
    HttpClient http = HttpClient.newHttpClient();
    try (KafkaTestSupport kafkaA = new KafkaTestSupport(stack.kafkaBootstrap(), suffixA);
        KafkaTestSupport kafkaB = new KafkaTestSupport(stack.kafkaBootstrap(), suffixB);
        Executor a = Executor.start(ConfigLoader.load(List.of(), envA), List.of(), envA);
        ExecutorProcess b = new ExecutorProcess(envB, dir.resolve("b.log"))) {
      String baseA = "http://127.0.0.1:" + a.httpPort();
      PaperExecutorIT.awaitReady(http, baseA);
      b.awaitReady(http, Duration.ofSeconds(90));

      // Three signals with their outcomes on Kafka, three more sent just before the broker stops.
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(sendSignal(kafkaB, "before-" + i));
      }
      kafkaB.orders(o -> o.size() >= 3, Duration.ofSeconds(60));
      for (int i = 0; i < 3; i++) {
        ids.add(sendSignal(kafkaB, "racing-" + i));
      }

      long stoppedNs = System.nanoTime();
      local.stop(LocalStack.Service.KAFKA);
      try {
        // Not ready, and the metrics say why.
        // (kafka-assigned may go first: the consumer can lose its group before 3 s pass.)
        String ready =
            awaitStatus(
                http, baseA + "/ready", 503, "kafka-connected NOT READY", Duration.ofSeconds(20));
        assertThat(ready).contains("kafka-connected NOT READY");
        assertThat(get(http, baseA + "/metrics"))
            .contains("deepalpha_executor_kafka_connected 0.0")
            .contains("deepalpha_executor_kafka_outages_total 1.0");

        // Idling, not spinning: CPU over 5 s of the outage.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long threadCpu0 = executorThreadCpuNs(threads);
        long childCpu0 = applicationCpuNs(b.process);
        Thread.sleep(5_000);
        long threadCpu = executorThreadCpuNs(threads) - threadCpu0;
        long childCpu = applicationCpuNs(b.process) - childCpu0;
        System.out.printf(
            "[outage] CPU over 5 s: in-process executor thread %d ms, child's threads %d ms%n",
            threadCpu / 1_000_000, childCpu / 1_000_000);
        assertThat(threadCpu).isLessThan(EXECUTOR_THREAD_CPU_MAX_NS);
        assertThat(b.process.isAlive()).as("child alive before its limit").isTrue();
        assertThat(childCpu).isLessThan(CHILD_THREADS_CPU_MAX_NS);

        // The child gives up after the limit with code 3 and says why.
        assertThat(b.process.waitFor(90, TimeUnit.SECONDS)).as("child exited").isTrue();
        long exitedAfterMs = (System.nanoTime() - stoppedNs) / 1_000_000;
        assertThat(b.process.exitValue()).isEqualTo(Executor.EXIT_KAFKA_OUTAGE);
        assertThat(exitedAfterMs).isGreaterThanOrEqualTo((LIMIT_S - 1) * 1000L);
        assertThat(Files.readString(b.log))
            .contains("KAFKA_OUTAGE_EXIT_SECONDS=" + LIMIT_S + "): exiting with code 3");
        // The one with no limit is still there.
        assertThat(get(http, baseA + "/health")).isEqualTo("ok\n");
      } finally {
        local.up(line -> {});
      }

      // Kafka is back: the waiting executor is ready again and trades.
      awaitStatus(http, baseA + "/ready", 200, "", Duration.ofSeconds(90));
      assertThat(get(http, baseA + "/metrics")).contains("deepalpha_executor_kafka_connected 1.0");
      String afterId = sendSignal(kafkaA, "after-outage");
      List<Order> ordersA =
          kafkaA.orders(
              o -> o.stream().anyMatch(x -> x.getSignalId().equals(afterId)),
              Duration.ofSeconds(60));
      assertThat(ordersA).extracting(Order::getSignalId).contains(afterId);

      // The child restarted on its journal: every signal has exactly one outcome.
      try (ExecutorProcess b2 = new ExecutorProcess(envB, dir.resolve("b2.log"))) {
        b2.awaitReady(http, Duration.ofSeconds(90));
        List<Order> orders =
            kafkaB.orders(o -> outcomes(o).keySet().containsAll(ids), Duration.ofSeconds(90));
        Map<String, Set<String>> outcomes = outcomes(orders);
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        ClientOrderIds clientIds = new ClientOrderIds();
        for (String id : ids) {
          String buy = clientIds.derive(id, Leg.BUY);
          String sell = clientIds.derive(id, Leg.SELL);
          Set<String> one = outcomes.get(id);
          assertThat(one)
              .as("outcome of " + id)
              .isIn(
                  Set.of(buy + " REJECTED"),
                  Set.of(buy + " EXPIRED"),
                  Set.of(buy + " PENDING", sell + " PENDING"));
        }
      }
    }
  }

  private static String sendSignal(KafkaTestSupport kafka, String id) throws Exception {
    long nowUs = System.currentTimeMillis() * 1000;
    kafka.send(
        Topics.SIGNALS, PaperExecutorIT.signal(id, 65_000_0000L, 65_100_0000L, 100_000L, nowUs));
    return id;
  }

  /** Per signal id, the distinct revision-0 records (client order id and status). */
  private static Map<String, Set<String>> outcomes(List<Order> orders) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (Order o : orders) {
      if (o.getRevision() == 0) {
        out.computeIfAbsent(o.getSignalId(), k -> new TreeSet<>())
            .add(o.getClientOrderId() + " " + o.getStatus());
      }
    }
    return out;
  }

  private static long executorThreadCpuNs(ThreadMXBean threads) {
    long total = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().equals("executor")) {
        total += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
      }
    }
    return total;
  }

  /**
   * CPU time of the child's threads except the JIT compilers and the GC, which work hard for a
   * while after any JVM starts (Linux /proc, ticks of 10 ms). Threads that ended are not counted.
   */
  private static long applicationCpuNs(Process p) throws Exception {
    long ticks = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + p.pid() + "/task"))) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (java.io.IOException e) {
          continue; // the thread ended
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name.contains("CompilerThre")
            || name.startsWith("GC Thread")
            || name.startsWith("G1 ")) {
          continue;
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
      }
    }
    return ticks * 10_000_000L;
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Waits for the status with a body containing {@code text}; returns the body. */
  private static String awaitStatus(
      HttpClient http, String url, int status, String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == status && r.body().contains(text)) {
        return r.body();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            url + " not " + status + " with '" + text + "' in " + timeout + ": " + r.body());
      }
      Thread.sleep(100);
    }
  }
}
