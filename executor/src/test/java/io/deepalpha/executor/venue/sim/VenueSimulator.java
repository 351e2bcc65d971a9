package io.deepalpha.executor.venue.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local stand-in for Binance spot and OKX v5 order entry, speaking their wire formats on two
 * ports: verifies every signature (and the API key and passphrase), enforces client order id
 * uniqueness for ever (Binance -2010 "Duplicate order sent.", OKX 51016), limits orders per second
 * with 429 + Retry-After, and can delay, drop (never answer) or fail (500 after executing, or
 * Binance -1007) the next requests. Orders fill completely at their limit price with a 0.1 % taker
 * fee in the quote currency. Everything it received is recorded for assertions.
 */
public final class VenueSimulator implements AutoCloseable {
  static {
    // The JDK server writes headers and body separately: without TCP_NODELAY, Nagle and the
    // peer's delayed ACK add ~40 ms to every keep-alive answer. Read once, by the first server.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** What to do to the next new-order request. */
  public enum Fault {
    DELAY_300MS,
    DROP,
    FAIL_500_AFTER_EXECUTING,
    TIMEOUT_1007_AFTER_EXECUTING,
    RATE_LIMIT_429
  }

  /** An order as the simulated venue holds it. */
  public record SimOrder(
      String venue,
      String clientOrderId,
      long orderId,
      String symbol,
      String side,
      String price,
      String qty) {}

  public final String apiKey;
  private final String secret;
  private final String passphrase;
  private final HttpServer binance;
  private final HttpServer okx;
  private final Map<String, SimOrder> orders = new ConcurrentHashMap<>();
  private final List<String> newOrderClientIds =
      java.util.Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger badSignatures = new AtomicInteger();
  private final AtomicInteger rateLimited = new AtomicInteger();
  private final AtomicLong nextOrderId = new AtomicLong(1000);
  private final AtomicLong windowStartMs = new AtomicLong();
  private final AtomicInteger ordersInWindow = new AtomicInteger();
  private volatile int maxOrdersPerSecond = Integer.MAX_VALUE;
  private volatile int delayEvery;
  private final AtomicInteger newOrders = new AtomicInteger();
  private final Map<String, Long> arrivalNanos = new ConcurrentHashMap<>();
  private volatile long clockSkewMs;

  public VenueSimulator(String apiKey, String secret, String passphrase) throws IOException {
    this.apiKey = apiKey;
    this.secret = secret;
    this.passphrase = passphrase;
    binance = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    binance.setExecutor(Executors.newCachedThreadPool());
    binance.createContext(
        "/api/v3/time", ex -> respond(ex, 200, "{\"serverTime\":" + serverNow() + "}", Map.of()));
    binance.createContext("/api/v3/order", this::binanceOrder);
    binance.start();
    okx = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    okx.setExecutor(Executors.newCachedThreadPool());
    okx.createContext("/api/v5/trade/order", this::okxOrder);
    okx.start();
  }

  public String binanceUrl() {
    return "http://127.0.0.1:" + binance.getAddress().getPort();
  }

  public String okxUrl() {
    return "http://127.0.0.1:" + okx.getAddress().getPort();
  }

  public void inject(Fault... next) {
    faults.addAll(List.of(next));
  }

  /** Delays the answer to every n-th new order by 300 ms (0 = never). */
  public void delayEvery(int n) {
    this.delayEvery = n;
  }

  public void maxOrdersPerSecond(int max) {
    this.maxOrdersPerSecond = max;
  }

  /** Makes the venue's clock run ahead of ours (for -1021). */
  public void clockSkewMs(long skew) {
    this.clockSkewMs = skew;
  }

  public List<String> newOrderClientIds() {
    synchronized (newOrderClientIds) {
      return List.copyOf(newOrderClientIds);
    }
  }

  public int duplicates() {
    return duplicates.get();
  }

  public int badSignatures() {
    return badSignatures.get();
  }

  public int rateLimited() {
    return rateLimited.get();
  }

  public Map<String, SimOrder> orders() {
    return Map.copyOf(orders);
  }

  private long serverNow() {
    return System.currentTimeMillis() + clockSkewMs;
  }

  // ---- Binance ----

  /** System.nanoTime when the handler got the new order of this client id (for benchmarks). */
  public Long arrivalNanos(String clientOrderId) {
    return arrivalNanos.get(clientOrderId);
  }

  private void binanceOrder(HttpExchange ex) throws IOException {
    long arrived = System.nanoTime();
    String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (!apiKey.equals(ex.getRequestHeaders().getFirst("X-MBX-APIKEY"))) {
      respond(
          ex,
          401,
          "{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions for action.\"}",
          Map.of());
      return;
    }
    String[] signed = binanceSigned(query, body);
    if (signed == null || !hex(hmac(signed[0])).equalsIgnoreCase(signed[1])) {
      badSignatures.incrementAndGet();
      respond(
          ex,
          400,
          "{\"code\":-1022,\"msg\":\"Signature for this request is not valid.\"}",
          Map.of());
      return;
    }
    Map<String, String> p = form(query.isEmpty() ? body : query + "&" + body);
    long ts = Long.parseLong(p.get("timestamp"));
    long recv = Long.parseLong(p.getOrDefault("recvWindow", "5000"));
    long now = serverNow();
    if (ts >= now + 1000 || now - ts > recv) {
      respond(
          ex,
          400,
          "{\"code\":-1021,\"msg\":\"Timestamp for this request is outside of the recvWindow.\"}",
          Map.of());
      return;
    }
    if ("GET".equals(ex.getRequestMethod())) {
      SimOrder o = orders.get("BINANCE|" + p.get("origClientOrderId"));
      if (o == null) {
        respond(ex, 400, "{\"code\":-2013,\"msg\":\"Order does not exist.\"}", Map.of());
      } else {
        respond(ex, 200, binanceOrderJson(o, false), Map.of());
      }
      return;
    }
    Fault fault = faults.poll();
    if (fault == Fault.RATE_LIMIT_429 || overRate()) {
      rateLimited.incrementAndGet();
      respond(
          ex, 429, "{\"code\":-1003,\"msg\":\"Too many requests.\"}", Map.of("Retry-After", "1"));
      return;
    }
    String clientId = p.get("newClientOrderId");
    arrivalNanos.put(clientId, arrived);
    newOrderClientIds.add(clientId);
    SimOrder order =
        new SimOrder(
            "BINANCE",
            clientId,
            nextOrderId.incrementAndGet(),
            p.get("symbol"),
            p.get("side"),
            p.get("price"),
            p.get("quantity"));
    if (orders.putIfAbsent("BINANCE|" + clientId, order) != null) {
      duplicates.incrementAndGet();
      respond(ex, 400, "{\"code\":-2010,\"msg\":\"Duplicate order sent.\"}", Map.of());
      return;
    }
    if (!applyFault(
        ex,
        fault,
        "{\"code\":-1007,\"msg\":\"Timeout waiting for response from backend server. Send status unknown; execution status unknown.\"}")) {
      return;
    }
    respond(
        ex,
        200,
        binanceOrderJson(order, true),
        Map.of("X-MBX-USED-WEIGHT-1M", "3", "X-MBX-ORDER-COUNT-10S", "1"));
  }

  /**
   * The signed payload and the signature, as Binance reads them: the query string (without the
   * signature parameter) concatenated with the body; the signature may end either of them (our
   * gateway signs the body, XChange sends the signature in the query string of a form POST).
   */
  private static String[] binanceSigned(String query, String body) {
    String all = query + body;
    int sig = all.lastIndexOf("&signature=");
    if (sig >= 0) {
      return new String[] {all.substring(0, sig), all.substring(sig + 11)};
    }
    List<String> rest = new ArrayList<>();
    String signature = null;
    for (String pair : query.split("&")) {
      if (pair.startsWith("signature=")) {
        signature = pair.substring(10);
      } else if (!pair.isEmpty()) {
        rest.add(pair);
      }
    }
    return signature == null ? null : new String[] {String.join("&", rest) + body, signature};
  }

  private String binanceOrderJson(SimOrder o, boolean fills) {
    BigDecimal qty = new BigDecimal(o.qty());
    BigDecimal price = new BigDecimal(o.price());
    BigDecimal quote = qty.multiply(price);
    String base =
        "{\"symbol\":\""
            + o.symbol()
            + "\",\"orderId\":"
            + o.orderId()
            + ",\"orderListId\":-1,"
            + "\"clientOrderId\":\""
            + o.clientOrderId()
            + "\",\"transactTime\":"
            + serverNow()
            + ",\"price\":\""
            + o.price()
            + "\",\"origQty\":\""
            + o.qty()
            + "\",\"executedQty\":\""
            + o.qty()
            + "\",\"cummulativeQuoteQty\":\""
            + quote.toPlainString()
            + "\",\"status\":\"FILLED\",\"timeInForce\":\"IOC\",\"type\":\"LIMIT\",\"side\":\""
            + o.side()
            + "\"";
    if (!fills) {
      return base + "}";
    }
    return base
        + ",\"fills\":[{\"price\":\""
        + o.price()
        + "\",\"qty\":\""
        + o.qty()
        + "\",\"commission\":\""
        + fee(quote)
        + "\",\"commissionAsset\":\"USDT\",\"tradeId\":"
        + o.orderId()
        + "}]}";
  }

  // ---- OKX ----

  private void okxOrder(HttpExchange ex) throws IOException {
    String path =
        ex.getRequestURI().getRawPath()
            + (ex.getRequestURI().getRawQuery() == null
                ? ""
                : "?" + ex.getRequestURI().getRawQuery());
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    var h = ex.getRequestHeaders();
    String ts = h.getFirst("OK-ACCESS-TIMESTAMP");
    if (!apiKey.equals(h.getFirst("OK-ACCESS-KEY"))
        || !passphrase.equals(h.getFirst("OK-ACCESS-PASSPHRASE"))) {
      respond(ex, 401, "{\"code\":\"50113\",\"msg\":\"Invalid Sign\",\"data\":[]}", Map.of());
      return;
    }
    String expected =
        Base64.getEncoder().encodeToString(hmacBytes(ts + ex.getRequestMethod() + path + body));
    if (!expected.equals(h.getFirst("OK-ACCESS-SIGN"))) {
      badSignatures.incrementAndGet();
      respond(ex, 401, "{\"code\":\"50113\",\"msg\":\"Invalid Sign\",\"data\":[]}", Map.of());
      return;
    }
    if ("GET".equals(ex.getRequestMethod())) {
      Map<String, String> q = form(ex.getRequestURI().getRawQuery());
      SimOrder o = orders.get("OKX|" + q.get("clOrdId"));
      if (o == null) {
        respond(
            ex, 200, "{\"code\":\"51603\",\"msg\":\"Order does not exist\",\"data\":[]}", Map.of());
        return;
      }
      BigDecimal quote = new BigDecimal(o.qty()).multiply(new BigDecimal(o.price()));
      respond(
          ex,
          200,
          "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"instId\":\""
              + o.symbol()
              + "\",\"ordId\":\""
              + o.orderId()
              + "\",\"clOrdId\":\""
              + o.clientOrderId()
              + "\",\"state\":\"filled\","
              + "\"accFillSz\":\""
              + o.qty()
              + "\",\"avgPx\":\""
              + o.price()
              + "\",\"fee\":\"-"
              + fee(quote)
              + "\",\"feeCcy\":\"USDT\",\"fillTime\":\""
              + serverNow()
              + "\"}]}",
          Map.of());
      return;
    }
    Fault fault = faults.poll();
    if (fault == Fault.RATE_LIMIT_429 || overRate()) {
      rateLimited.incrementAndGet();
      respond(
          ex,
          429,
          "{\"code\":\"50011\",\"msg\":\"Too Many Requests\",\"data\":[]}",
          Map.of("Retry-After", "1"));
      return;
    }
    Map<String, String> p = json(body);
    String clientId = p.get("clOrdId");
    newOrderClientIds.add(clientId);
    SimOrder order =
        new SimOrder(
            "OKX",
            clientId,
            nextOrderId.incrementAndGet(),
            p.get("instId"),
            p.get("side"),
            p.get("px"),
            p.get("sz"));
    if (orders.putIfAbsent("OKX|" + clientId, order) != null) {
      duplicates.incrementAndGet();
      respond(
          ex,
          200,
          "{\"code\":\"1\",\"msg\":\"\",\"data\":[{\"clOrdId\":\""
              + clientId
              + "\",\"ordId\":\"\",\"sCode\":\"51016\",\"sMsg\":\"Duplicated clOrdId\"}]}",
          Map.of());
      return;
    }
    if (!applyFault(
        ex, fault, "{\"code\":\"50004\",\"msg\":\"Endpoint request timeout\",\"data\":[]}")) {
      return;
    }
    respond(
        ex,
        200,
        "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"clOrdId\":\""
            + clientId
            + "\",\"ordId\":\""
            + order.orderId()
            + "\",\"tag\":\"\",\"sCode\":\"0\",\"sMsg\":\"Order placed\"}]}",
        Map.of());
  }

  // ---- shared ----

  /** Returns false when the fault answered (or swallowed) the request. */
  private boolean applyFault(HttpExchange ex, Fault fault, String timeoutBody) throws IOException {
    int n = delayEvery;
    if (fault == null && n > 0 && newOrders.incrementAndGet() % n == 0) {
      fault = Fault.DELAY_300MS;
    }
    if (fault == null) {
      return true;
    }
    switch (fault) {
      case DELAY_300MS -> sleep(300);
      case DROP -> {
        sleep(10_000); // never answers in time; the client gives up and asks later
        ex.close();
        return false;
      }
      case FAIL_500_AFTER_EXECUTING -> {
        respond(ex, 500, "{\"code\":-1000,\"msg\":\"An unknown error occurred.\"}", Map.of());
        return false;
      }
      case TIMEOUT_1007_AFTER_EXECUTING -> {
        respond(ex, 400, timeoutBody, Map.of());
        return false;
      }
      default -> {}
    }
    return true;
  }

  private boolean overRate() {
    long now = System.currentTimeMillis();
    long start = windowStartMs.get();
    if (now - start >= 1000 && windowStartMs.compareAndSet(start, now)) {
      ordersInWindow.set(0);
    }
    return ordersInWindow.incrementAndGet() > maxOrdersPerSecond;
  }

  private static String fee(BigDecimal quote) {
    return quote
        .multiply(new BigDecimal("0.001"))
        .setScale(8, java.math.RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private byte[] hmacBytes(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] hmac(String text) {
    return hmacBytes(text);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static Map<String, String> form(String s) {
    Map<String, String> m = new LinkedHashMap<>();
    if (s == null || s.isEmpty()) {
      return m;
    }
    for (String kv : s.split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        m.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  /** Flat JSON objects of string values, which is all an OKX order body is. */
  private static Map<String, String> json(String s) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : s.replaceAll("[{}]", "").split(",")) {
      String[] parts = kv.split(":", 2);
      m.put(parts[0].replace("\"", "").strip(), parts[1].replace("\"", "").strip());
    }
    return m;
  }

  private static void respond(HttpExchange ex, int status, String body, Map<String, String> headers)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    binance.stop(0);
    okx.stop(0);
  }
}
