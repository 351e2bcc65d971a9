package io.deepalpha.executor.it;

import static io.deepalpha.executor.it.PaperExecutorIT.quote;
import static io.deepalpha.executor.it.PaperExecutorIT.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.executor.Executor;
import io.deepalpha.executor.config.ConfigLoader;
import io.deepalpha.executor.core.ClientOrderIds;
import io.deepalpha.executor.core.Leg;
import io.deepalpha.executor.venue.sim.VenueSimulator;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
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
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Kafka -> executor in testnet mode against the local venue simulator (Binance + OKX wire
 * formats) -> exec.orders / exec.fills; and the crash test: an executor child process killed with
 * kill -9 at least ten times during a stream of signals.
 */
@WithLocalStack
class VenueSimulatorExecutorIT {
  private static final String KEY = "it-key-AKIAxxxxxxxx";
  private static final String SECRET = "it-secret-value-9f8e7d6c5b4a";
  private static final String PASSPHRASE = "it-passphrase-Zq81";
  private static final String ADMIN = "it-admin-token-77aa";

  @TempDir Path dir;

  private Map<String, String> env(StackEndpoints stack, String suffix, VenueSimulator sim) {
    Map<String, String> env = PaperExecutorIT.baseEnv(stack, suffix, dir.resolve("journal"));
    env.put("TRADING_MODE", "testnet");
    env.put("API_ENDPOINT", sim.binanceUrl());
    env.put("OKX_API_ENDPOINT", sim.okxUrl());
    env.put("BINANCE_API_KEY", KEY);
    env.put("BINANCE_API_SECRET", SECRET);
    env.put("OKX_API_KEY", KEY);
    env.put("OKX_API_SECRET", SECRET);
    env.put("OKX_PASSPHRASE", PASSPHRASE);
    env.put("ADMIN_TOKEN", ADMIN);
    env.put("KAFKA_GROUP_INSTANCE_ID", "it-executor-1");
    env.put("MAX_POSITION_SIZE", "1000");
    env.put("RISK_LIMIT", "1");
    env.put("ACCOUNT_EQUITY", "100000000");
    env.put("MAX_NOTIONAL", "100000");
    env.put("ORDER_RATE_PER_SEC", "1000");
    env.put("ORDER_RATE_BURST", "1000");
    env.put("STALE_SIGNAL_WALL_MS", "60000");
    env.put("STALE_SIGNAL_EVENT_MS", "60000");
    env.put("VENUE_TIMEOUT_MS", "500");
    return env;
  }

  @Test
  void bothLegsArePlacedSignedAndFilledAtTheSimulatedVenues(StackEndpoints stack) throws Exception {
    String suffix = ".sim" + System.nanoTime();
    try (VenueSimulator sim = new VenueSimulator(KEY, SECRET, PASSPHRASE);
        KafkaTestSupport kafka = new KafkaTestSupport(stack.kafkaBootstrap(), suffix)) {
      Map<String, String> env = env(stack, suffix, sim);
      env.put("QUOTE_MAX_AGE_MS", "60000"); // the burst's collar may use the first quotes
      try (Executor executor = Executor.start(ConfigLoader.load(List.of(), env), List.of(), env)) {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + executor.httpPort();
        PaperExecutorIT.awaitReady(http, base);
        long nowUs = System.currentTimeMillis() * 1000;
        kafka.send(Topics.MD_QUOTES, quote(Venue.BINANCE, 64_999_0000L, 65_000_0000L, nowUs));
        kafka.send(Topics.MD_QUOTES, quote(Venue.OKX, 65_100_0000L, 65_101_0000L, nowUs));
        PaperExecutorIT.awaitCounter(http, base, "deepalpha_executor_quotes_total", 2);
        kafka.send(Topics.SIGNALS, signal("sim-1", 65_000_0000L, 65_100_0000L, 100_000L, nowUs));

        List<Order> orders =
            kafka.orders(
                o -> o.stream().filter(x -> x.getStatus() == OrderStatus.FILLED).count() >= 2,
                Duration.ofSeconds(30));
        List<Fill> fills = kafka.fills(f -> f.size() >= 2, Duration.ofSeconds(30));
        ClientOrderIds ids = new ClientOrderIds();
        String buyId = ids.derive("sim-1", Leg.BUY);
        String sellId = ids.derive("sim-1", Leg.SELL);
        // Each leg sent once (a leg resolved by query was never resent), each signed correctly.
        assertThat(sim.newOrderClientIds()).containsExactlyInAnyOrder(buyId, sellId);
        assertThat(sim.duplicates()).isZero();
        assertThat(sim.badSignatures()).isZero();
        // Binance answers a new order with its fills: r1 FILLED. OKX acks (r1 NEW) and the fill
        // comes from the query. On a loaded machine an answer can miss VENUE_TIMEOUT_MS (500 ms):
        // the leg is then UNKNOWN and resolved by querying; it must end FILLED all the same.
        List<String> buyPath = legPath(orders, buyId);
        List<String> sellPath = legPath(orders, sellId);
        assertLegFilled(buyPath, "100000@650000000");
        assertLegFilled(sellPath, "100000@651000000");
        boolean buyQueried = buyPath.stream().anyMatch(r -> r.contains(" UNKNOWN "));
        boolean sellQueried = sellPath.stream().anyMatch(r -> r.contains(" UNKNOWN "));
        if (!buyQueried) {
          assertThat(buyPath).containsExactly("r0 PENDING 0@0", "r1 FILLED 100000@650000000");
        }
        if (!sellQueried) {
          assertThat(sellPath)
              .containsExactly("r0 PENDING 0@0", "r1 NEW 0@0", "r2 FILLED 100000@651000000");
        }
        assertThat(orders)
            .filteredOn(o -> o.getClientOrderId().equals(buyId))
            .allMatch(o -> o.getVenue() == Venue.BINANCE && o.getSide().name().equals("BUY"));
        assertThat(orders)
            .filteredOn(o -> o.getClientOrderId().equals(sellId))
            .allMatch(o -> o.getVenue() == Venue.OKX && o.getSide().name().equals("SELL"));
        assertThat(orders).allMatch(o -> o.getMode() == TradingMode.TESTNET);
        // 0.1 % taker fee: 65 USDT -> 0.065, 65.1 USDT -> 0.0651. OKX's fill always comes from the
        // order query (with its fee); Binance's from the new-order answer, or, when that answer
        // was lost, from the query as one aggregate fill whose fee Binance does not report there.
        assertThat(fills)
            .extracting(
                f ->
                    f.getVenue()
                        + " "
                        + f.getPrice()
                        + "x"
                        + f.getQty()
                        + " fee "
                        + f.getFee()
                        + " "
                        + f.getFeeAsset())
            .containsExactlyInAnyOrder(
                buyQueried
                    ? "BINANCE 650000000x100000 fee 0 "
                    : "BINANCE 650000000x100000 fee 6500000 USDT",
                "OKX 651000000x100000 fee 6510000 USDT");

        // A burst: 50 signals at once, every leg reaches its venue and fills.
        long burstUs = System.currentTimeMillis() * 1000;
        kafka.send(Topics.MD_QUOTES, quote(Venue.BINANCE, 64_999_0000L, 65_000_0000L, burstUs));
        kafka.send(Topics.MD_QUOTES, quote(Venue.OKX, 65_100_0000L, 65_101_0000L, burstUs));
        PaperExecutorIT.awaitCounter(http, base, "deepalpha_executor_quotes_total", 4);
        for (int i = 0; i < 50; i++) {
          kafka.send(
              Topics.SIGNALS, signal("burst-" + i, 65_000_0000L, 65_100_0000L, 100_000L, burstUs));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (sim.newOrderClientIds().size() < 102 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(sim.newOrderClientIds()).hasSize(102).doesNotHaveDuplicates();

        HttpResponse<String> unauthorized =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/admin/reload-config"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        HttpResponse<String> wrong =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/admin/reload-config"))
                    .header("Authorization", "Bearer nope")
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> reloaded =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/admin/reload-config"))
                    .header("Authorization", "Bearer " + ADMIN)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reloaded.statusCode()).isEqualTo(200);
        assertThat(reloaded.body()).startsWith("reloaded: Limits[maxPositionSize=1000.0");
      }
    }
  }

  /** A leg's revisions in order, each once ("r1 FILLED 100000@650000000"). */
  private static List<String> legPath(List<Order> orders, String clientOrderId) {
    TreeMap<Integer, String> byRevision = new TreeMap<>();
    for (Order o : orders) {
      if (o.getClientOrderId().equals(clientOrderId)) {
        byRevision.put(
            o.getRevision(),
            "r"
                + o.getRevision()
                + " "
                + o.getStatus()
                + " "
                + o.getFilledQty()
                + "@"
                + o.getAvgFillPrice());
      }
    }
    assertThat(byRevision.keySet()).as("revisions of " + clientOrderId).startsWith(0);
    assertThat(byRevision.lastKey()).isEqualTo(byRevision.size() - 1);
    return new ArrayList<>(byRevision.values());
  }

  /** r0 PENDING, then only NEW (acked) or UNKNOWN (queried) revisions, last FILLED in full. */
  private static void assertLegFilled(List<String> path, String filled) {
    assertThat(path).hasSizeBetween(2, 6);
    assertThat(path.get(0)).isEqualTo("r0 PENDING 0@0");
    assertThat(path.get(path.size() - 1)).isEqualTo("r" + (path.size() - 1) + " FILLED " + filled);
    assertThat(path.subList(1, path.size() - 1))
        .allMatch(r -> r.matches("r\\d+ (NEW|UNKNOWN) 0@0"));
  }

  @Test
  void killNineTenTimesDuringAStreamLeavesNoDuplicateOrderAndOneOutcomePerSignal(
      StackEndpoints stack) throws Exception {
    String suffix = ".kill" + System.nanoTime();
    int signals = 360;
    int kills = 10;
    try (VenueSimulator sim = new VenueSimulator(KEY, SECRET, PASSPHRASE);
        KafkaTestSupport kafka = new KafkaTestSupport(stack.kafkaBootstrap(), suffix)) {
      Map<String, String> env = env(stack, suffix, sim);
      Path journalDir = dir.resolve("kill-journal");
      env.put("JOURNAL_DIR", journalDir.toString());
      // 256 KB segments: several rolls (and deletions) among the kills. Not smaller: a snapshot
      // carries every order in flight, and after a kill a few hundred legs can be (~85 KB).
      env.put("JOURNAL_SIZE_MB", "0.25");
      HttpClient http = HttpClient.newHttpClient();
      AtomicBoolean streaming = new AtomicBoolean(true);
      List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread quotes =
          new Thread(
              () -> {
                try {
                  while (streaming.get()) {
                    long nowUs = System.currentTimeMillis() * 1000;
                    kafka.send(
                        Topics.MD_QUOTES, quote(Venue.BINANCE, 64_999_0000L, 65_000_0000L, nowUs));
                    kafka.send(
                        Topics.MD_QUOTES, quote(Venue.OKX, 65_100_0000L, 65_101_0000L, nowUs));
                    Thread.sleep(50);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      quotes.start();
      sim.delayEvery(10); // keeps orders in flight when the kills come
      ExecutorProcess executor = new ExecutorProcess(env, dir.resolve("run-0.log"));
      executor.awaitReady(http, Duration.ofSeconds(90));
      Thread producer =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < signals; i++) {
                    if (i % 5 == 0) {
                      sim.inject(
                          VenueSimulator.Fault.DELAY_300MS); // keeps orders in flight at kill time
                    }
                    String id = "kill-" + i;
                    kafka.send(
                        Topics.SIGNALS,
                        signal(
                            id,
                            65_000_0000L,
                            65_100_0000L,
                            100_000L,
                            System.currentTimeMillis() * 1000));
                    sent.add(id);
                    Thread.sleep(40);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      producer.start();
      java.util.Random random = new java.util.Random(7);
      List<Long> newestAtKill = new ArrayList<>();
      for (int k = 1; k <= kills; k++) {
        Thread.sleep(500 + random.nextInt(1500));
        List<Long> onDisk = segmentNumbers(journalDir);
        executor.kill9();
        newestAtKill.add(onDisk.get(onDisk.size() - 1));
        executor = new ExecutorProcess(env, dir.resolve("run-" + k + ".log"));
        executor.awaitReady(http, Duration.ofSeconds(90));
      }
      producer.join();
      try {
        List<Order> orders =
            kafka.orders(o -> everySignalResolved(o, sent), Duration.ofSeconds(120));
        assertThat(sent).hasSize(signals);
        // Zero duplicate client order ids at the venues.
        assertThat(sim.duplicates()).isZero();
        assertThat(sim.newOrderClientIds()).doesNotHaveDuplicates();
        assertThat(sim.badSignatures()).isZero();
        Map<String, Set<String>> outcomes = outcomesBySignal(orders);
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(sent);
        for (Map.Entry<String, Set<String>> e : outcomes.entrySet()) {
          Set<String> o = e.getValue();
          assertThat(
                  o.equals(Set.of("BUY PENDING", "SELL PENDING"))
                      || (o.size() == 1 && !o.iterator().next().endsWith("PENDING")))
              .as("one outcome for %s: %s", e.getKey(), o)
              .isTrue();
        }
        // Every order at the venues belongs to a signal whose outcome is "placed".
        ClientOrderIds ids = new ClientOrderIds();
        Set<String> placedIds = new HashSet<>();
        outcomes.forEach(
            (signal, o) -> {
              if (o.contains("BUY PENDING")) {
                placedIds.add(ids.derive(signal, Leg.BUY));
                placedIds.add(ids.derive(signal, Leg.SELL));
                placedIds.add(ids.derive(signal, Leg.UNWIND)); // after one leg failed
              }
            });
        Map<String, String> signalOf = new HashMap<>();
        for (String sig : sent) {
          signalOf.put(ids.derive(sig, Leg.BUY), sig);
          signalOf.put(ids.derive(sig, Leg.SELL), sig);
        }
        sim.newOrderClientIds().stream()
            .filter(id -> !placedIds.contains(id))
            .limit(3)
            .forEach(
                id ->
                    orders.stream()
                        .filter(o -> o.getSignalId().equals(signalOf.get(id)))
                        .forEach(
                            o ->
                                System.out.println(
                                    "UNEXPECTED "
                                        + id
                                        + " "
                                        + o.getSignalId()
                                        + " "
                                        + o.getClientOrderId()
                                        + " r"
                                        + o.getRevision()
                                        + " "
                                        + o.getStatus()
                                        + " "
                                        + o.getReason()
                                        + " t="
                                        + o.getEventTimeNs())));
        assertThat(placedIds).containsAll(sim.newOrderClientIds());
        long placed = outcomes.values().stream().filter(o -> o.contains("BUY PENDING")).count();
        System.out.printf(
            "kill -9 x%d: %d signals, %d placed, %d orders at the venues, outcomes %s%n",
            kills,
            signals,
            placed,
            sim.newOrderClientIds().size(),
            outcomes.values().stream()
                .map(Object::toString)
                .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting())));
        System.out.println(
            "refusal reasons: "
                + orders.stream()
                    .filter(o -> o.getRevision() == 0 && o.getStatus() != OrderStatus.PENDING)
                    .map(o -> String.valueOf(o.getReason()).replaceAll("[0-9.]+", "#"))
                    .collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting())));
        Map<String, Order> lastByOrder = new HashMap<>();
        orders.forEach(
            o ->
                lastByOrder.merge(
                    o.getClientOrderId(), o, (a, b) -> a.getRevision() >= b.getRevision() ? a : b));
        System.out.println(
            "final states: "
                + lastByOrder.values().stream()
                    .map(
                        o ->
                            o.getStatus()
                                + " "
                                + String.valueOf(o.getReason()).replaceAll("[0-9.]+", "#"))
                    .collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting())));
        for (int k = 0; k <= kills; k++) {
          Files.readAllLines(dir.resolve("run-" + k + ".log")).stream()
              .filter(l -> l.contains("ERROR") || l.contains("WARN") || l.contains("Exception"))
              .limit(5)
              .forEach(l -> System.out.println("run-" + " log: " + l));
        }
        assertThat(placed).isGreaterThan(signals / 2);
        // The kills came in at least three different segments (the loop crossed rolls), the
        // journal rolled at least three times, and published segments were deleted. (How many
        // bytes the stream journals depends on how many signals expire during the restarts.)
        List<Long> segments = segmentNumbers(journalDir);
        System.out.println(
            "journal segments on disk at the end: "
                + segments
                + ", newest segment at each kill: "
                + newestAtKill);
        assertThat(newestAtKill.stream().distinct().count()).isGreaterThanOrEqualTo(3);
        assertThat(segments.get(segments.size() - 1)).isGreaterThanOrEqualTo(3);
        assertThat(segments.get(0)).isGreaterThan(1);
        String log = Files.readString(dir.resolve("run-" + kills + ".log"));
        assertThat(log).contains("open orders being reconciled");

        // SIGHUP reloads the limits, like POST /admin/reload-config.
        new ProcessBuilder("kill", "-HUP", Long.toString(executor.process.pid())).start().waitFor();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.readString(executor.log).contains("SIGHUP: reloaded")
            && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(Files.readString(executor.log)).contains("SIGHUP: reloaded: Limits[");

        // The secrets were in every child's environment; none of them reached a log line.
        for (int k = 0; k <= kills; k++) {
          String text = Files.readString(dir.resolve("run-" + k + ".log"));
          assertThat(text).contains("binanceApiSecret=<set>");
          for (String secret : List.of(KEY, SECRET, PASSPHRASE, ADMIN)) {
            assertThat(text).as("run-%d.log", k).doesNotContain(secret);
          }
        }
      } finally {
        streaming.set(false);
        quotes.join();
        executor.close();
      }
    }
  }

  private static List<Long> segmentNumbers(Path journalDir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.list(journalDir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("executor-\\d{10}\\.journal"))
          .map(n -> Long.parseLong(n.substring(9, 19)))
          .sorted()
          .toList();
    }
  }

  /** Distinct first records (revision 0) per signal: "BUY PENDING", "BUY REJECTED", ... */
  private static Map<String, Set<String>> outcomesBySignal(List<Order> orders) {
    Map<String, Set<String>> out = new HashMap<>();
    for (Order o : orders) {
      if (o.getRevision() == 0 && !o.getClientOrderId().endsWith("u")) {
        out.computeIfAbsent(o.getSignalId(), k -> new HashSet<>())
            .add(o.getSide() + " " + o.getStatus());
      }
    }
    return out;
  }

  private static boolean everySignalResolved(List<Order> orders, List<String> sent) {
    Map<String, Set<String>> outcomes = outcomesBySignal(orders);
    if (!outcomes.keySet().containsAll(sent)) {
      return false;
    }
    // and every placed leg reached a final status
    Map<String, OrderStatus> last = new HashMap<>();
    for (Order o : orders) {
      last.merge(o.getClientOrderId() + "", o.getStatus(), (a, b) -> isFinal(a) ? a : b);
    }
    return last.values().stream().allMatch(VenueSimulatorExecutorIT::isFinal);
  }

  private static boolean isFinal(OrderStatus s) {
    return s == OrderStatus.FILLED
        || s == OrderStatus.REJECTED
        || s == OrderStatus.EXPIRED
        || s == OrderStatus.CANCELED;
  }
}
