package io.deepalpha.executor.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.executor.core.ClientOrderIds;
import io.deepalpha.executor.core.Leg;
import io.deepalpha.executor.core.OrderPool;
import io.deepalpha.executor.core.OrderSlot;
import io.deepalpha.executor.metrics.ExecutorCounters;
import io.deepalpha.executor.venue.binance.BinanceGateway;
import io.deepalpha.executor.venue.okx.OkxGateway;
import io.deepalpha.executor.venue.sim.VenueSimulator;
import io.deepalpha.executor.venue.sim.VenueSimulator.Fault;
import io.deepalpha.model.event.Liquidity;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.Venue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST gateways against the local venue simulator: signatures, faults, limits. */
class RestGatewayTest {
  private static final String KEY = "test-api-key";
  private static final String SECRET = "test-secret";
  private static final String PASSPHRASE = "test-pass";

  private VenueSimulator sim;
  private final OrderPool pool = new OrderPool(16);
  private final ClientOrderIds ids = new ClientOrderIds();
  private final List<String> events = new ArrayList<>();
  private final VenueListener listener =
      new VenueListener() {
        @Override
        public void onOrderUpdate(
            OrderSlot slot,
            OrderStatus status,
            long filled,
            long avg,
            String venueOrderId,
            String note) {
          slot.status = status;
          slot.filledQty = filled;
          events.add(status + " " + filled + "@" + avg + (note == null ? "" : " | " + note));
        }

        @Override
        public void onFill(
            OrderSlot slot,
            String fillId,
            long price,
            long qty,
            int feeScale,
            long fee,
            String feeAsset,
            Liquidity liquidity,
            long exchangeTimeUs) {
          events.add(
              "fill " + price + "x" + qty + " fee " + fee + "e-" + feeScale + " " + feeAsset);
        }
      };

  @BeforeEach
  void start() throws Exception {
    sim = new VenueSimulator(KEY, SECRET, PASSPHRASE);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private BinanceGateway binance(long timeoutMs) {
    return new BinanceGateway(
        URI.create(sim.binanceUrl()),
        bytes(KEY),
        bytes(SECRET),
        5000,
        2,
        timeoutMs * 1_000_000L,
        new ExecutorCounters());
  }

  private OkxGateway okx() {
    return new OkxGateway(
        URI.create(sim.okxUrl()),
        bytes(KEY),
        bytes(SECRET),
        bytes(PASSPHRASE),
        true,
        2,
        2_000_000_000L,
        new ExecutorCounters());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private OrderSlot slot(String signalId, Venue venue, String symbol) {
    OrderSlot s = pool.acquire();
    ids.derive(signalId, Leg.BUY, s.clientOrderId);
    s.signalId = signalId;
    s.instrument = "BTC-USDT";
    s.venueSymbol = symbol;
    s.venue = venue;
    s.side = Side.BUY;
    s.leg = Leg.BUY;
    s.priceScale = 4;
    s.sizeScale = 8;
    s.price = 650_000_000L;
    s.qty = 100_000L;
    s.status = OrderStatus.PENDING;
    return s;
  }

  private void pollUntil(VenueGateway g, BooleanSupplier done, long timeoutMs) throws Exception {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not done in time; events: " + events);
      }
      g.poll(System.nanoTime(), listener);
      Thread.sleep(1);
    }
  }

  private void awaitConnected(RestGateway g) throws Exception {
    pollUntil(g, () -> g.canSend(System.nanoTime()), 5000);
  }

  @Test
  void binanceOrderIsSignedAcceptedAndFilledWithItsFillsAndFee() throws Exception {
    try (BinanceGateway g = binance(2000)) {
      awaitConnected(g);
      OrderSlot s = slot("sig-a", Venue.BINANCE, "BTCUSDT");
      g.send(s, System.nanoTime());
      pollUntil(g, s::isFinal, 5000);
      // 0.001 x 65000 = 65 USDT; fee 0.1 % = 0.065 USDT
      assertThat(events)
          .containsExactly("fill 650000000x100000 fee 6500000e-8 USDT", "FILLED 100000@650000000");
      assertThat(sim.badSignatures()).isZero();
      assertThat(sim.newOrderClientIds()).containsExactly(ids.derive("sig-a", Leg.BUY));
      assertThat(g.usedWeight1m()).isEqualTo(3);
      assertThat(g.orderCount10s()).isEqualTo(1);
    }
  }

  @Test
  void aReusedClientOrderIdIsRefusedByTheVenueAsDuplicate() throws Exception {
    try (BinanceGateway g = binance(2000)) {
      awaitConnected(g);
      OrderSlot first = slot("sig-dup", Venue.BINANCE, "BTCUSDT");
      g.send(first, System.nanoTime());
      pollUntil(g, first::isFinal, 5000);
      OrderSlot again = slot("sig-dup", Venue.BINANCE, "BTCUSDT");
      g.send(again, System.nanoTime());
      pollUntil(g, again::isFinal, 5000);
      assertThat(events).last().isEqualTo("REJECTED 0@0 | -2010 Duplicate order sent.");
      assertThat(sim.duplicates()).isEqualTo(1);
    }
  }

  @Test
  void unknownOutcomesAreResolvedByQueryingNeverByResending() throws Exception {
    try (BinanceGateway g = binance(1500)) {
      awaitConnected(g);
      sim.inject(Fault.FAIL_500_AFTER_EXECUTING, Fault.TIMEOUT_1007_AFTER_EXECUTING, Fault.DROP);
      List<OrderSlot> slots =
          List.of(
              slot("u1", Venue.BINANCE, "BTCUSDT"),
              slot("u2", Venue.BINANCE, "BTCUSDT"),
              slot("u3", Venue.BINANCE, "BTCUSDT"));
      for (OrderSlot s : slots) {
        awaitConnected(g);
        g.send(s, System.nanoTime());
        pollUntil(g, s::isFinal, 10_000);
      }
      assertThat(events)
          .containsSubsequence("UNKNOWN 0@0 | HTTP 500: status unknown", "FILLED 100000@650000000")
          .anyMatch(e -> e.startsWith("UNKNOWN 0@0 | -1007 Timeout waiting"))
          .anyMatch(e -> e.startsWith("UNKNOWN 0@0 | no answer within VENUE_TIMEOUT_MS"));
      assertThat(events.stream().filter(e -> e.startsWith("FILLED")).count()).isEqualTo(3);
      // Each query-resolved fill is one aggregate fill of the whole quantity.
      assertThat(events.stream().filter(e -> e.startsWith("fill 650000000x100000")).count())
          .isEqualTo(3);
      assertThat(sim.newOrderClientIds()).hasSize(3).doesNotHaveDuplicates();
      assertThat(sim.duplicates()).isZero();
    }
  }

  @Test
  void rateLimitAnswerRejectsTheOrderAndHonoursRetryAfter() throws Exception {
    try (BinanceGateway g = binance(2000)) {
      awaitConnected(g);
      sim.inject(Fault.RATE_LIMIT_429);
      OrderSlot s = slot("r1", Venue.BINANCE, "BTCUSDT");
      g.send(s, System.nanoTime());
      pollUntil(g, s::isFinal, 5000);
      assertThat(events)
          .containsExactly("REJECTED 0@0 | HTTP 429 rate limit: -1003 Too many requests.");
      assertThat(g.canSend(System.nanoTime())).isFalse();
      long refused = System.nanoTime();
      pollUntil(g, () -> g.canSend(System.nanoTime()), 3000);
      assertThat((System.nanoTime() - refused) / 1_000_000).isGreaterThan(800);
    }
  }

  @Test
  void invalidTimestampIsRejectedAndTheServerTimeOffsetIsMeasuredAgain() throws Exception {
    try (BinanceGateway g = binance(2000)) {
      awaitConnected(g);
      pollUntil(g, () -> true, 100);
      Thread.sleep(100);
      g.poll(System.nanoTime(), listener);
      sim.clockSkewMs(30_000);
      OrderSlot s = slot("t1", Venue.BINANCE, "BTCUSDT");
      g.send(s, System.nanoTime());
      pollUntil(g, s::isFinal, 5000);
      assertThat(events).last().asString().startsWith("REJECTED 0@0 | -1021 Timestamp");
      pollUntil(g, () -> Math.abs(g.serverTimeOffsetMs() - 30_000) < 1000, 5000);
      OrderSlot next = slot("t2", Venue.BINANCE, "BTCUSDT");
      awaitConnected(g);
      g.send(next, System.nanoTime());
      pollUntil(g, next::isFinal, 5000);
      assertThat(events).last().isEqualTo("FILLED 100000@650000000");
    }
  }

  @Test
  void okxOrderIsAcknowledgedThenQueriedForItsFillAndFee() throws Exception {
    try (OkxGateway g = okx()) {
      awaitConnected(g);
      OrderSlot s = slot("o1", Venue.OKX, "BTC-USDT");
      g.send(s, System.nanoTime());
      pollUntil(g, s::isFinal, 5000);
      assertThat(events)
          .containsExactly(
              "NEW 0@0", "fill 650000000x100000 fee 6500000e-8 USDT", "FILLED 100000@650000000");
      assertThat(sim.badSignatures()).isZero();
      OrderSlot dup = slot("o1", Venue.OKX, "BTC-USDT");
      g.send(dup, System.nanoTime());
      pollUntil(g, dup::isFinal, 5000);
      assertThat(events).last().isEqualTo("REJECTED 0@0 | 51016 Duplicated clOrdId");
    }
  }
}
