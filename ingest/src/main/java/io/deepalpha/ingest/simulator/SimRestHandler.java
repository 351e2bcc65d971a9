package io.deepalpha.ingest.simulator;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Binance's REST {@code GET /api/v3/depth?symbol=S&limit=N} on the simulator's port, from the book
 * of the latest Binance WebSocket connection (every connection has its own book), or in a replay
 * from the snapshots the recording holds; any other request goes on to the WebSocket upgrade.
 * Answers the venue's error shape for a bad symbol or limit, and the REST faults queued with {@link
 * VenueSimulator#failDepthRequests} (429/418 with their {@code Retry-After}); every answer to a
 * depth request reports the minute's used request weight in {@code X-MBX-USED-WEIGHT-1M} (each
 * request costs its documented weight; {@link VenueSimulator#useWeight} adds other clients'
 * weight).
 */
final class SimRestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final String DEPTH_PATH = "/api/v3/depth";

  private static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";

  private final VenueSimulator simulator;

  /** The weight reported with the answer being sent (-1: none, e.g. a bad method). */
  private int usedWeight = -1;

  SimRestHandler(VenueSimulator simulator) {
    super(false);
    this.simulator = simulator;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    if (!DEPTH_PATH.equals(uri.path())) {
      ctx.fireChannelRead(request); // the WebSocket upgrade
      return;
    }
    usedWeight = -1;
    try {
      answer(ctx, request, uri);
    } finally {
      request.release();
    }
  }

  private void answer(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
    simulator.depthRequestArrived(System.nanoTime());
    if (request.method() != HttpMethod.GET) {
      send(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, error(-1, "GET only"), null);
      return;
    }
    String symbol = first(uri.parameters().get("symbol"));
    int limit;
    try {
      String text = first(uri.parameters().get("limit"));
      limit = text == null ? 100 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    // Binance counts the weight of every request, answered or not, and reports the minute's.
    usedWeight = simulator.chargeWeight(weight(limit));
    VenueSimulator.DepthFault fault = simulator.nextDepthFault();
    if (fault != null) {
      send(
          ctx,
          request,
          fault.status(),
          error(-1003, "simulated " + fault.status()),
          fault.retryAfter());
      return;
    }
    if (limit < 1 || limit > 5_000) {
      send(ctx, request, HttpResponseStatus.BAD_REQUEST, error(-1100, "Illegal limit."), null);
      return;
    }
    String recorded = symbol == null ? null : simulator.replayDepthSnapshot(symbol);
    if (recorded != null) {
      // A replay answers with the snapshot the recorded session applied.
      send(ctx, request, HttpResponseStatus.OK, recorded, null);
      return;
    }
    BinanceWire wire = symbol == null ? null : simulator.binanceWire();
    String body = wire == null ? null : wire.snapshot(symbol, limit);
    if (body == null) {
      send(ctx, request, HttpResponseStatus.BAD_REQUEST, error(-1121, "Invalid symbol."), null);
      return;
    }
    send(ctx, request, HttpResponseStatus.OK, body, null);
  }

  /** Request weight of a depth request (Binance rest-api.md, "Order book"). */
  static int weight(int limit) {
    if (limit <= 100) {
      return 5;
    }
    if (limit <= 500) {
      return 25;
    }
    return limit <= 1_000 ? 50 : 250;
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String error(int code, String message) {
    return "{\"code\":" + code + ",\"msg\":\"" + message + "\"}";
  }

  private void send(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      HttpResponseStatus status,
      String body,
      String retryAfter) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    if (usedWeight >= 0) {
      response.headers().set(USED_WEIGHT_HEADER, usedWeight);
    }
    HttpUtil.setContentLength(response, response.content().readableBytes());
    if (retryAfter != null) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpUtil.setKeepAlive(response, keepAlive);
    var written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
