package io.deepalpha.executor.venue.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepalpha.executor.core.OrderSlot;
import io.deepalpha.executor.metrics.ExecutorCounters;
import io.deepalpha.executor.metrics.ExecutorCounters.Counter;
import io.deepalpha.executor.venue.RestGateway;
import io.deepalpha.executor.venue.VenueReply;
import io.deepalpha.executor.venue.http.AsciiOut;
import io.deepalpha.executor.venue.http.HttpResponse;
import io.deepalpha.model.FixedPoint;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Venue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Binance spot REST: POST /api/v3/order (LIMIT IOC, newOrderRespType=FULL, newClientOrderId from
 * the signal) and GET /api/v3/order?origClientOrderId=... to resolve an unknown outcome, signed
 * with HMAC-SHA256 in the body / query string, X-MBX-APIKEY header, recvWindow, timestamp corrected
 * by the server-time offset (re-measured after a -1021). X-MBX-USED-WEIGHT-1M and
 * X-MBX-ORDER-COUNT-10S are tracked to stay under the limits; 418/429 Retry-After stops sending;
 * -1007 and 5xx are UNKNOWN (queried, never resent).
 */
public final class BinanceGateway extends RestGateway {
  /** REQUEST_WEIGHT per minute and ORDERS per 10 s that we allow ourselves (90 % of Binance's). */
  static final int WEIGHT_LIMIT_1M = 5400;

  static final int ORDER_LIMIT_10S = 45;
  private static final Object TIME_TAG = new Object();
  private static final long TIME_SYNC_INTERVAL_NS = 60_000_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final byte[] apiKey;
  private final BinanceSigner signer;
  private final int recvWindowMs;
  private final AsciiOut body = new AsciiOut(2048);
  private volatile long serverTimeOffsetMs;
  private volatile boolean resyncTime = true;

  /** Written before the request goes out: the answer can arrive before write() returns. */
  private volatile long timeRequestSentMs;

  private long lastTimeSyncNs;
  private volatile int usedWeight1m;
  private volatile long usedWeightAtMs;
  private volatile int orderCount10s;
  private volatile long orderCountAtMs;

  public BinanceGateway(
      URI endpoint,
      byte[] apiKey,
      byte[] secret,
      int recvWindowMs,
      int connections,
      long timeoutNs,
      ExecutorCounters counters) {
    super(Venue.BINANCE, endpoint, connections, timeoutNs, counters);
    this.apiKey = apiKey.clone();
    this.signer = new BinanceSigner(secret);
    this.recvWindowMs = recvWindowMs;
  }

  @Override
  protected int encodeNewOrder(OrderSlot s, long nowMs) {
    body.reset()
        .put("symbol=")
        .put(s.venueSymbol)
        .put(s.buy() ? "&side=BUY" : "&side=SELL")
        .put("&type=LIMIT&timeInForce=IOC&quantity=")
        .putFixed(s.qty, s.sizeScale)
        .put("&price=")
        .putFixed(s.price, s.priceScale)
        .put("&newClientOrderId=")
        .put(s.clientOrderId, 0, s.clientOrderId.length)
        .put("&newOrderRespType=FULL&recvWindow=")
        .putLong(recvWindowMs)
        .put("&timestamp=")
        .putLong(nowMs + serverTimeOffsetMs);
    int unsigned = body.position;
    body.put("&signature=");
    signer.sign(body.bytes, 0, unsigned, body.bytes, 0, 0, body);
    request
        .reset()
        .put("POST /api/v3/order HTTP/1.1\r\nHost: ")
        .put(host())
        .put("\r\nX-MBX-APIKEY: ")
        .put(apiKey, 0, apiKey.length)
        .put("\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
        .putLong(body.position)
        .put("\r\n\r\n")
        .put(body.bytes, 0, body.position);
    return request.position;
  }

  @Override
  protected int encodeQuery(OrderSlot s, long nowMs) {
    body.reset()
        .put("symbol=")
        .put(s.venueSymbol)
        .put("&origClientOrderId=")
        .put(s.clientOrderId, 0, s.clientOrderId.length)
        .put("&recvWindow=")
        .putLong(recvWindowMs)
        .put("&timestamp=")
        .putLong(nowMs + serverTimeOffsetMs);
    int unsigned = body.position;
    body.put("&signature=");
    signer.sign(body.bytes, 0, unsigned, body.bytes, 0, 0, body);
    request
        .reset()
        .put("GET /api/v3/order?")
        .put(body.bytes, 0, body.position)
        .put(" HTTP/1.1\r\nHost: ")
        .put(host())
        .put("\r\nX-MBX-APIKEY: ")
        .put(apiKey, 0, apiKey.length)
        .put("\r\n\r\n");
    return request.position;
  }

  @Override
  protected int housekeeping(long nowNs) {
    if (!(resyncTime || nowNs - lastTimeSyncNs > TIME_SYNC_INTERVAL_NS)) {
      return 0;
    }
    request.reset().put("GET /api/v3/time HTTP/1.1\r\nHost: ").put(host()).put("\r\n\r\n");
    timeRequestSentMs = System.currentTimeMillis();
    if (writeOther(TIME_TAG, request.position, nowNs)) {
      lastTimeSyncNs = nowNs;
      resyncTime = false;
      return 1;
    }
    return 0;
  }

  @Override
  protected void onOtherResponse(Object tag, HttpResponse response) {
    if (tag == TIME_TAG && response.status() == 200) {
      long now = System.currentTimeMillis();
      long server = json(response).path("serverTime").asLong();
      serverTimeOffsetMs = server - (timeRequestSentMs + now) / 2;
    }
  }

  public long serverTimeOffsetMs() {
    return serverTimeOffsetMs;
  }

  @Override
  protected void onHeaders(HttpResponse r) {
    long now = System.currentTimeMillis();
    String weight = r.header("x-mbx-used-weight-1m");
    if (weight != null) {
      usedWeight1m = Integer.parseInt(weight.strip());
      usedWeightAtMs = now;
    }
    String orders = r.header("x-mbx-order-count-10s");
    if (orders != null) {
      orderCount10s = Integer.parseInt(orders.strip());
      orderCountAtMs = now;
    }
    if (r.status() == 429 || r.status() == 418) {
      backOff(r);
    }
  }

  @Override
  protected boolean withinLimits() {
    long now = System.currentTimeMillis();
    // A count older than its window no longer applies.
    boolean weightOk = usedWeight1m < WEIGHT_LIMIT_1M || now - usedWeightAtMs > 60_000;
    boolean ordersOk = orderCount10s < ORDER_LIMIT_10S || now - orderCountAtMs > 10_000;
    return weightOk && ordersOk;
  }

  public int usedWeight1m() {
    return usedWeight1m;
  }

  public int orderCount10s() {
    return orderCount10s;
  }

  @Override
  protected VenueReply parseNewOrder(OrderSlot slot, HttpResponse r) {
    if (r.status() == 200) {
      return update(slot, json(r), true);
    }
    if (r.status() == 429 || r.status() == 418) {
      // Binance: the request was refused before it reached the matching engine.
      return VenueReply.of(
          slot, VenueReply.Type.REJECTED, "HTTP " + r.status() + " rate limit: " + errorOf(r));
    }
    if (r.status() >= 500) {
      return VenueReply.of(
          slot, VenueReply.Type.UNKNOWN, "HTTP " + r.status() + ": status unknown");
    }
    JsonNode error = json(r);
    int code = error.path("code").asInt();
    String text = code + " " + error.path("msg").asText();
    if (code == -1007) {
      return VenueReply.of(slot, VenueReply.Type.UNKNOWN, text);
    }
    if (code == -1021) {
      resyncTime = true;
      counters.incrementShared(Counter.VENUE_TIME_RESYNCS);
    }
    return VenueReply.of(slot, VenueReply.Type.REJECTED, text);
  }

  @Override
  protected VenueReply parseQuery(OrderSlot slot, HttpResponse r) {
    if (r.status() == 200) {
      return update(slot, json(r), false);
    }
    if (r.status() == 429 || r.status() == 418 || r.status() >= 500) {
      return VenueReply.of(slot, VenueReply.Type.QUERY_FAILED, "HTTP " + r.status());
    }
    JsonNode error = json(r);
    int code = error.path("code").asInt();
    if (code == -2013) {
      return VenueReply.of(slot, VenueReply.Type.NOT_FOUND, "-2013 " + error.path("msg").asText());
    }
    if (code == -1021) {
      resyncTime = true;
    }
    return VenueReply.of(
        slot, VenueReply.Type.QUERY_FAILED, code + " " + error.path("msg").asText());
  }

  /**
   * A FULL order answer lists its fills; a query answer has only the totals, so its fill (if the
   * order filled while we were not listening) is recorded as one aggregate fill.
   */
  private static VenueReply update(OrderSlot slot, JsonNode o, boolean withFills) {
    VenueReply reply = new VenueReply(slot, VenueReply.Type.UPDATE);
    reply.status = status(o.path("status").asText());
    reply.venueOrderId = o.path("orderId").asText();
    BigDecimal executed = new BigDecimal(o.path("executedQty").asText("0"));
    BigDecimal quote = new BigDecimal(o.path("cummulativeQuoteQty").asText("0"));
    reply.filledQty = FixedPoint.toMantissa(executed, slot.sizeScale);
    if (executed.signum() > 0) {
      reply.avgFillPrice =
          quote
              .divide(executed, slot.priceScale, RoundingMode.HALF_EVEN)
              .movePointRight(slot.priceScale)
              .longValueExact();
    }
    List<VenueReply.FillData> fills = new ArrayList<>();
    long now = System.currentTimeMillis() * 1000;
    if (withFills) {
      for (JsonNode f : o.path("fills")) {
        fills.add(
            new VenueReply.FillData(
                "binance-" + f.path("tradeId").asText(),
                FixedPoint.parse(f.path("price").asText(), slot.priceScale),
                FixedPoint.parse(f.path("qty").asText(), slot.sizeScale),
                8,
                FixedPoint.toMantissa(
                    new BigDecimal(f.path("commission").asText("0"))
                        .setScale(8, RoundingMode.HALF_EVEN),
                    8),
                f.path("commissionAsset").asText(""),
                o.path("transactTime").asLong(now / 1000) * 1000));
      }
    } else if (reply.filledQty > slot.filledQty) {
      fills.add(
          new VenueReply.FillData(
              "binance-order-" + reply.venueOrderId + "-" + reply.filledQty,
              reply.avgFillPrice,
              reply.filledQty - slot.filledQty,
              8,
              0,
              "",
              now));
    }
    reply.fills = fills;
    return reply;
  }

  static OrderStatus status(String binance) {
    return switch (binance) {
      case "NEW" -> OrderStatus.NEW;
      case "PARTIALLY_FILLED" -> OrderStatus.PARTIALLY_FILLED;
      case "FILLED" -> OrderStatus.FILLED;
      case "CANCELED", "PENDING_CANCEL" -> OrderStatus.CANCELED;
      case "REJECTED" -> OrderStatus.REJECTED;
      case "EXPIRED", "EXPIRED_IN_MATCH" -> OrderStatus.EXPIRED;
      case "PENDING_NEW" -> OrderStatus.PENDING;
      default -> OrderStatus.UNKNOWN;
    };
  }

  private static String errorOf(HttpResponse r) {
    try {
      JsonNode n = JSON.readTree(r.body());
      return n.path("code").asInt() + " " + n.path("msg").asText();
    } catch (IOException e) {
      return r.bodyText();
    }
  }

  private static JsonNode json(HttpResponse r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
