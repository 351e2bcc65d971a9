package io.deepalpha.ingest.simulator;

import io.deepalpha.model.event.Venue;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One simulated venue connection: the venue is the first path segment of the WebSocket URL ({@code
 * ws://host:port/okx}). Sends either a replay of recorded frames or the synthetic market in that
 * venue's wire format, and applies the faults queued for the venue.
 */
final class SimSessionHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
  private final VenueSimulator simulator;
  private Venue venue;
  private SimWire wire;
  private SimVenueBooks books;
  private ReplayCursor replay;
  private ScheduledFuture<?> ticker;
  private long staleUntilNs;
  private boolean malformedNext;

  SimSessionHandler(VenueSimulator simulator) {
    this.simulator = simulator;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
      String path = handshake.requestUri().replaceFirst("^/+", "");
      String first = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
      venue = Venue.valueOf(first.toUpperCase(Locale.ROOT));
      simulator.connected(venue, ctx.channel());
      List<io.deepalpha.ingest.recording.RecordedFrame> frames = simulator.replayFrames(venue);
      long periodNs;
      if (frames != null) {
        replay =
            new ReplayCursor(
                frames, simulator.replayStartNs(), simulator.replayT0Ns(), simulator.replaySpeed());
        periodNs = TimeUnit.MILLISECONDS.toNanos(1);
      } else {
        books = simulator.booksFor(venue);
        wire = SimWires.create(venue, path.replaceFirst("[?#].*", ""), books);
        if (wire instanceof BinanceWire binance) {
          simulator.binanceConnected(binance);
        }
        periodNs = simulator.settings().stepInterval().toNanos();
      }
      ticker =
          ctx.executor()
              .scheduleAtFixedRate(() -> tick(ctx), periodNs, periodNs, TimeUnit.NANOSECONDS);
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
    if (wire == null || System.nanoTime() - staleUntilNs < 0) {
      return; // replays do not answer; a stale venue answers nothing
    }
    List<String> out = new ArrayList<>();
    wire.onClientMessage(frame.text(), out);
    send(ctx, out);
  }

  private void tick(ChannelHandlerContext ctx) {
    Fault fault;
    while ((fault = simulator.nextFault(venue)) != null) {
      switch (fault) {
        case DISCONNECT -> {
          ctx.close();
          return;
        }
        case STALE_FEED ->
            staleUntilNs = System.nanoTime() + simulator.settings().stalePeriod().toNanos();
        case MALFORMED_JSON -> malformedNext = true;
        default -> {
          if (wire != null) {
            wire.inject(fault);
          }
        }
      }
    }
    if (System.nanoTime() - staleUntilNs < 0) {
      return;
    }
    List<String> out = new ArrayList<>();
    if (replay != null) {
      replay.due(System.nanoTime(), out);
      send(ctx, out);
    } else {
      synthetic(ctx, out);
    }
  }

  /** One market step, or in full-speed mode as many as the client's socket takes this tick. */
  private void synthetic(ChannelHandlerContext ctx, List<String> out) {
    int steps = simulator.settings().stepsPerTick();
    for (int i = 0; i < steps && (steps == 1 || ctx.channel().isWritable()); i++) {
      books.step();
      wire.step(out);
      write(ctx, out);
      out.clear();
    }
    ctx.flush();
  }

  private void send(ChannelHandlerContext ctx, List<String> out) {
    if (out.isEmpty()) {
      return;
    }
    write(ctx, out);
    ctx.flush();
  }

  private void write(ChannelHandlerContext ctx, List<String> out) {
    for (String text : out) {
      if (malformedNext) {
        malformedNext = false;
        text = text.substring(0, text.length() / 2);
      }
      ctx.write(new TextWebSocketFrame(text));
      simulator.framesSent.incrementAndGet();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (ticker != null) {
      ticker.cancel(false);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
