package io.deepalpha.executor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.executor.Executor;
import io.deepalpha.executor.config.ConfigLoader;
import io.deepalpha.executor.config.ExecutorConfig;
import io.deepalpha.executor.core.ClientOrderIds;
import io.deepalpha.executor.core.Leg;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Kafka -> executor in paper mode -> exec.orders / exec.fills, values checked. */
@WithLocalStack
class PaperExecutorIT {
  @TempDir Path dir;

  static Quote quote(Venue venue, long bid, long ask, long nowUs) {
    return Quote.newBuilder()
        .setVenue(venue)
        .setVenueSymbol(venue == Venue.OKX ? "BTC-USDT" : "BTCUSDT")
        .setInstrument("BTC-USDT")
        .setExchangeTimeUs(nowUs)
        .setReceiveTimeNs(nowUs * 1000)
        .setConnectionId(1)
        .setSequence(1)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBidPrice(bid)
        .setBidSize(50_000_000L)
        .setAskPrice(ask)
        .setAskSize(50_000_000L)
        .setTimeSource(TimeSource.EXCHANGE)
        .build();
  }

  static Signal signal(String id, long buyPrice, long sellPrice, long qty, long nowUs) {
    return Signal.newBuilder()
        .setSignalId(id)
        .setInstrument("BTC-USDT")
        .setEventTimeUs(nowUs)
        .setBuyVenue(Venue.BINANCE)
        .setSellVenue(Venue.OKX)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBuyPrice(buyPrice)
        .setSellPrice(sellPrice)
        .setQty(qty)
        .setGrossBps(15.4)
        .setNetBps(-4.6)
        .setBuyQuoteTimeUs(nowUs)
        .setSellQuoteTimeUs(nowUs)
        .setBuyQuoteReceiveNs(nowUs * 1000)
        .setSellQuoteReceiveNs(nowUs * 1000)
        .setConfigVersion(1)
        .build();
  }

  static Map<String, String> baseEnv(StackEndpoints stack, String suffix, Path journal) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrap());
    env.put("KAFKA_TOPIC_SUFFIX", suffix);
    env.put("KAFKA_GROUP_ID", "executor" + suffix);
    env.put("JOURNAL_DIR", journal.toString());
    env.put("JOURNAL_SIZE_MB", "8");
    env.put("HTTP_PORT", "0");
    env.put("ADMIN_TOKEN", "it-admin-token");
    return env;
  }

  @Test
  void paperExecutorFillsBothLegsAgainstTheLatestQuotesAndRefusesWithAReason(StackEndpoints stack)
      throws Exception {
    String suffix = ".paper" + System.nanoTime();
    Map<String, String> env = baseEnv(stack, suffix, dir.resolve("journal"));
    // Not what this test is about; a loaded machine must not turn the fill into an expiry.
    env.put("STALE_SIGNAL_WALL_MS", "60000");
    env.put("QUOTE_MAX_AGE_MS", "60000");
    ExecutorConfig config = ConfigLoader.load(List.of(), env);
    try (KafkaTestSupport kafka = new KafkaTestSupport(stack.kafkaBootstrap(), suffix);
        Executor executor = Executor.start(config, List.of(), env)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + executor.httpPort();
      awaitReady(http, base);

      long nowUs = System.currentTimeMillis() * 1000;
      kafka.send(Topics.MD_QUOTES, quote(Venue.BINANCE, 64_999_0000L, 65_000_0000L, nowUs));
      kafka.send(Topics.MD_QUOTES, quote(Venue.OKX, 65_100_0000L, 65_101_0000L, nowUs));
      awaitCounter(http, base, "deepalpha_executor_quotes_total", 2); // in the book first
      nowUs = System.currentTimeMillis() * 1000;
      kafka.send(Topics.SIGNALS, signal("it-ok", 65_000_0000L, 65_100_0000L, 100_000L, nowUs));
      kafka.send(Topics.SIGNALS, signal("it-collar", 66_000_0000L, 65_100_0000L, 100_000L, nowUs));

      List<Order> orders = kafka.orders(o -> o.size() >= 5, Duration.ofSeconds(30));
      List<Fill> fills = kafka.fills(f -> f.size() >= 2, Duration.ofSeconds(30));
      ClientOrderIds ids = new ClientOrderIds();
      String buyId = ids.derive("it-ok", Leg.BUY);
      assertThat(orders)
          .extracting(
              o ->
                  o.getSignalId()
                      + " "
                      + o.getSide()
                      + " r"
                      + o.getRevision()
                      + " "
                      + o.getStatus()
                      + " "
                      + o.getFilledQty()
                      + "@"
                      + o.getAvgFillPrice())
          .containsExactlyInAnyOrder(
              "it-ok BUY r0 PENDING 0@0",
              "it-ok SELL r0 PENDING 0@0",
              "it-ok BUY r1 FILLED 100000@650000000",
              "it-ok SELL r1 FILLED 100000@651000000",
              "it-collar BUY r0 REJECTED 0@0");
      Order rejected =
          orders.stream()
              .filter(o -> o.getSignalId().equals("it-collar"))
              .findFirst()
              .orElseThrow();
      assertThat(rejected.getReason())
          .startsWith("price collar: bps from the latest quote 153.84615");
      assertThat(rejected.getReason()).endsWith("> limit 50 (BINANCE)");
      assertThat(rejected.getMode()).isEqualTo(TradingMode.PAPER);
      assertThat(orders.stream().filter(o -> o.getClientOrderId().equals(buyId)).count())
          .isEqualTo(2);
      assertThat(fills)
          .extracting(
              f ->
                  f.getSide()
                      + " "
                      + f.getVenue()
                      + " "
                      + f.getPrice()
                      + "x"
                      + f.getQty()
                      + " fee "
                      + f.getFee()
                      + "e-"
                      + f.getFeeScale()
                      + " "
                      + f.getFeeAsset())
          .containsExactlyInAnyOrder(
              "BUY BINANCE 650000000x100000 fee 6500000e-8 USDT",
              "SELL OKX 651000000x100000 fee 6510000e-8 USDT");
      assertThat(fills.get(0).getMode()).isEqualTo(TradingMode.PAPER);
      assertThat(Side.BUY).isNotNull();

      HttpResponse<String> trades =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/logs/trades")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(trades.body()).contains("\"clientOrderId\":\"" + buyId + "\"");
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body())
          .contains("deepalpha_executor_signals_placed_total 1.0")
          .contains("deepalpha_executor_signals_rejected_total 1.0")
          .contains("deepalpha_executor_fills_total 2.0");
      assertThat(OrderStatus.FILLED).isNotNull();
    }
  }

  /** Waits until a counter of /metrics reaches {@code atLeast} (60 s). */
  static void awaitCounter(HttpClient http, String base, String name, double atLeast)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    double value = 0;
    while (System.nanoTime() - deadline < 0) {
      String body =
          http.send(
                  HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (String line : body.split("\n")) {
        if (line.startsWith(name + " ")) {
          value = Double.parseDouble(line.substring(name.length() + 1).strip());
        }
      }
      if (value >= atLeast) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(name + " = " + value + " after 60 s, expected >= " + atLeast);
  }

  static void awaitReady(HttpClient http, String base) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/ready")).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("executor not ready: " + r.body());
      }
      Thread.sleep(100);
    }
  }
}
