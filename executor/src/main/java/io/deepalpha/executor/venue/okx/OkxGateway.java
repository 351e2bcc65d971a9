package io.deepalpha.executor.venue.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepalpha.executor.core.OrderSlot;
import io.deepalpha.executor.metrics.ExecutorCounters;
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
import java.util.List;

/**
 * OKX v5 REST: POST /api/v5/trade/order (spot cash, ordType ioc, clOrdId from the signal) answers
 * with an acknowledgement only, so the executor queries GET /api/v5/trade/order?clOrdId=... for the
 * state and fills. Headers OK-ACCESS-KEY/SIGN/TIMESTAMP/PASSPHRASE, and x-simulated-trading: 1 for
 * demo trading. 429 and code 50011 back off; 5xx is UNKNOWN and queried.
 */
public final class OkxGateway extends RestGateway {
  private static final String ORDER_PATH = "/api/v5/trade/order";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final byte[] apiKey;
  private final byte[] passphrase;
  private final boolean demo;
  private final OkxSigner signer;
  private final AsciiOut body = new AsciiOut(1024);
  private final AsciiOut prehash = new AsciiOut(2048);
  private final AsciiOut timestamp = new AsciiOut(32);
  private final AsciiOut path = new AsciiOut(256);

  public OkxGateway(
      URI endpoint,
      byte[] apiKey,
      byte[] secret,
      byte[] passphrase,
      boolean demo,
      int connections,
      long timeoutNs,
      ExecutorCounters counters) {
    super(Venue.OKX, endpoint, connections, timeoutNs, counters);
    this.apiKey = apiKey.clone();
    this.passphrase = passphrase.clone();
    this.demo = demo;
    this.signer = new OkxSigner(secret);
  }

  @Override
  protected int encodeNewOrder(OrderSlot s, long nowMs) {
    body.reset()
        .put("{\"instId\":\"")
        .put(s.venueSymbol)
        .put("\",\"tdMode\":\"cash\",\"clOrdId\":\"")
        .put(s.clientOrderId, 0, s.clientOrderId.length)
        .put(s.buy() ? "\",\"side\":\"buy\"" : "\",\"side\":\"sell\"")
        .put(",\"ordType\":\"ioc\",\"px\":\"")
        .putFixed(s.price, s.priceScale)
        .put("\",\"sz\":\"")
        .putFixed(s.qty, s.sizeScale)
        .put("\"}");
    path.reset().put(ORDER_PATH);
    return encode("POST", nowMs);
  }

  @Override
  protected int encodeQuery(OrderSlot s, long nowMs) {
    body.reset();
    path.reset()
        .put(ORDER_PATH)
        .put("?instId=")
        .put(s.venueSymbol)
        .put("&clOrdId=")
        .put(s.clientOrderId, 0, s.clientOrderId.length);
    return encode("GET", nowMs);
  }

  private int encode(String method, long nowMs) {
    IsoMillis.write(nowMs, timestamp.reset());
    prehash
        .reset()
        .put(timestamp.bytes, 0, timestamp.position)
        .put(method)
        .put(path.bytes, 0, path.position)
        .put(body.bytes, 0, body.position);
    request
        .reset()
        .put(method)
        .put(' ')
        .put(path.bytes, 0, path.position)
        .put(" HTTP/1.1\r\nHost: ")
        .put(host())
        .put("\r\nOK-ACCESS-KEY: ")
        .put(apiKey, 0, apiKey.length)
        .put("\r\nOK-ACCESS-SIGN: ");
    signer.sign(prehash.bytes, prehash.position, request);
    request
        .put("\r\nOK-ACCESS-TIMESTAMP: ")
        .put(timestamp.bytes, 0, timestamp.position)
        .put("\r\nOK-ACCESS-PASSPHRASE: ")
        .put(passphrase, 0, passphrase.length);
    if (demo) {
      request.put("\r\nx-simulated-trading: 1");
    }
    if (body.position > 0) {
      request
          .put("\r\nContent-Type: application/json\r\nContent-Length: ")
          .putLong(body.position)
          .put("\r\n\r\n")
          .put(body.bytes, 0, body.position);
    } else {
      request.put("\r\n\r\n");
    }
    return request.position;
  }

  @Override
  protected void onHeaders(HttpResponse r) {
    if (r.status() == 429) {
      backOff(r);
    }
  }

  @Override
  protected VenueReply parseNewOrder(OrderSlot slot, HttpResponse r) {
    if (r.status() >= 500) {
      return VenueReply.of(
          slot, VenueReply.Type.UNKNOWN, "HTTP " + r.status() + ": status unknown");
    }
    if (r.status() == 429) {
      return VenueReply.of(slot, VenueReply.Type.REJECTED, "HTTP 429 rate limit");
    }
    JsonNode n = json(r);
    JsonNode d = n.path("data").path(0);
    if ("0".equals(n.path("code").asText()) && "0".equals(d.path("sCode").asText("0"))) {
      VenueReply reply = new VenueReply(slot, VenueReply.Type.ACKED);
      reply.venueOrderId = d.path("ordId").asText(null);
      return reply;
    }
    String code = d.has("sCode") ? d.path("sCode").asText() : n.path("code").asText();
    String msg = d.has("sMsg") ? d.path("sMsg").asText() : n.path("msg").asText();
    return VenueReply.of(slot, VenueReply.Type.REJECTED, code + " " + msg);
  }

  @Override
  protected VenueReply parseQuery(OrderSlot slot, HttpResponse r) {
    if (r.status() != 200) {
      return VenueReply.of(slot, VenueReply.Type.QUERY_FAILED, "HTTP " + r.status());
    }
    JsonNode n = json(r);
    if ("51603".equals(n.path("code").asText())) {
      return VenueReply.of(slot, VenueReply.Type.NOT_FOUND, "51603 " + n.path("msg").asText());
    }
    if (!"0".equals(n.path("code").asText())) {
      return VenueReply.of(
          slot,
          VenueReply.Type.QUERY_FAILED,
          n.path("code").asText() + " " + n.path("msg").asText());
    }
    JsonNode o = n.path("data").path(0);
    VenueReply reply = new VenueReply(slot, VenueReply.Type.UPDATE);
    reply.venueOrderId = o.path("ordId").asText(null);
    BigDecimal filled = new BigDecimal(o.path("accFillSz").asText("0"));
    reply.filledQty = FixedPoint.toMantissa(filled, slot.sizeScale);
    String avg = o.path("avgPx").asText("");
    if (filled.signum() > 0 && !avg.isEmpty()) {
      reply.avgFillPrice =
          new BigDecimal(avg)
              .setScale(slot.priceScale, RoundingMode.HALF_EVEN)
              .movePointRight(slot.priceScale)
              .longValueExact();
    }
    reply.status = status(o.path("state").asText(), reply.filledQty, slot.qty);
    if (reply.filledQty > slot.filledQty) {
      BigDecimal fee = new BigDecimal(o.path("fee").asText("0")).negate();
      reply.fills =
          List.of(
              new VenueReply.FillData(
                  "okx-" + reply.venueOrderId + "-" + reply.filledQty,
                  reply.avgFillPrice,
                  reply.filledQty - slot.filledQty,
                  8,
                  FixedPoint.toMantissa(fee.setScale(8, RoundingMode.HALF_EVEN), 8),
                  o.path("feeCcy").asText(""),
                  o.path("fillTime").asLong(System.currentTimeMillis()) * 1000));
    }
    return reply;
  }

  /** An IOC that OKX reports canceled with a partial fill is, in our terms, expired. */
  static OrderStatus status(String state, long filled, long qty) {
    return switch (state) {
      case "live" -> OrderStatus.NEW;
      case "partially_filled" -> OrderStatus.PARTIALLY_FILLED;
      case "filled" -> OrderStatus.FILLED;
      case "canceled", "mmp_canceled" -> filled == qty ? OrderStatus.FILLED : OrderStatus.EXPIRED;
      default -> OrderStatus.UNKNOWN;
    };
  }

  private static JsonNode json(HttpResponse r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
