package io.deepalpha.ingest.connector;

import io.deepalpha.ingest.health.ReadinessCheck;
import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.recording.FrameRecorder;
import io.deepalpha.ingest.time.WallClock;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.Venue;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection to a venue (or the simulator: only the URL differs), kept alive: it
 * subscribes after each handshake, pings, closes a feed that went stale, reconnects with
 * exponential backoff and jitter, and reconnects when the adapter finds a book broken (a fresh
 * subscription brings fresh snapshots) — except Binance, whose books resync from a REST depth
 * snapshot ({@link DepthSnapshots}) on the same connection. The connector takes one event loop of
 * the group when it is made and keeps it for every connection and reconnect: frames go to the
 * adapter on that one thread, so the adapter (its books, its per-connection sequence) stays
 * single-threaded however many threads the group has.
 *
 * <p>{@link #notReadyReason()} tells {@code /ready} whether the feed flows: ready once a frame
 * arrived after the subscription; not ready while connecting, waiting for the first frame, or
 * reconnecting (after a close, a stale feed or a book resync), with the reason. {@link
 * #instrumentChecks()} tell whether each instrument publishes valid market data ({@link
 * InstrumentReadiness}: its book synced, or a first valid quote from a BBO channel).
 */
public final class VenueConnector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VenueConnector.class);

  /** Binance REQUEST_WEIGHT per minute (FACTS.md §8): the default of {@link #restWeightLimit}. */
  public static final int DEFAULT_REST_WEIGHT_LIMIT = RequestWeightGate.DEFAULT_LIMIT_1M;

  /** Request weight of one Binance depth snapshot: the lowest {@link #restWeightLimit} of use. */
  public static final int SNAPSHOT_WEIGHT = DepthSnapshots.WEIGHT;

  private final URI uri;
  private final VenueAdapter adapter;
  private final VenueProtocol protocol;
  private final List<String> symbols;
  private final EventSink downstream;
  private final ConnectorSettings settings;
  private final IngestMetrics metrics;
  private final EventLoop loop;
  private final SslContext ssl;
  private final AtomicLong handshakes = new AtomicLong();
  private final InstrumentReadiness instruments;

  /**
   * Binance REST depth snapshots (null for the other venues: their snapshots come on the socket).
   */
  private DepthSnapshots snapshots;

  /** Binance: where snapshots are fetched, and the request weight per minute they stay under. */
  private URI restBase;

  private int restWeightLimit = RequestWeightGate.DEFAULT_LIMIT_1M;

  /** Epoch ms of the weight gate's minutes (tests shift it next to a minute's end). */
  private LongSupplier restClock = System::currentTimeMillis;

  private volatile FrameRecorder recorder;
  private volatile Channel channel;
  private volatile boolean closed;
  private volatile String notReady = "connecting";
  private int attempt;
  private long connectedAtNs;

  /** Frames handled at the last readiness check (-1: none yet), and when that count changed. */
  private long framesAtCheck = -1;

  private long framesChangedAtNs;

  /** Why the channel is being closed (event loop only); null = closed by the other side. */
  private String closeCause;

  public VenueConnector(
      URI uri,
      VenueAdapter adapter,
      List<String> symbols,
      EventSink downstream,
      ConnectorSettings settings,
      IngestMetrics metrics,
      EventLoopGroup group) {
    this.uri = uri;
    this.adapter = adapter;
    this.protocol = VenueProtocol.of(adapter);
    this.symbols = List.copyOf(symbols);
    this.downstream = downstream;
    this.settings = settings;
    this.metrics = metrics;
    this.loop = group.next(); // round robin: connections spread over the group's threads
    this.ssl = "wss".equals(uri.getScheme()) ? sslContext() : null;
    this.instruments = new InstrumentReadiness(adapter, this.symbols);
    if (adapter.venue() == Venue.BINANCE) {
      restBase = defaultRestEndpoint(uri);
    }
    metrics.track(adapter);
  }

  /**
   * Binance's REST base for a stream URL: the public API for {@code wss://} (Binance's streams),
   * {@code http://host:port} for plain {@code ws://} (the simulator serves both on one port).
   */
  public static URI defaultRestEndpoint(URI streams) {
    if ("ws".equals(streams.getScheme())) {
      return URI.create("http://" + streams.getRawAuthority());
    }
    return URI.create("https://api.binance.com");
  }

  /**
   * Where Binance depth snapshots are fetched ({@code GET <base>/api/v3/depth}); default {@link
   * #defaultRestEndpoint}. Call before start; ignored for the other venues.
   */
  public VenueConnector restEndpoint(URI base) {
    if (restBase != null) {
      restBase = base;
    }
    return this;
  }

  /**
   * The REST request weight per minute Binance depth snapshots stay under (default {@link
   * RequestWeightGate#DEFAULT_LIMIT_1M}, Binance's documented REQUEST_WEIGHT limit); lower it when
   * other clients share the IP. Call before start; ignored for the other venues.
   */
  public VenueConnector restWeightLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("REST weight limit must be at least 1, got " + limit);
    }
    restWeightLimit = limit;
    return this;
  }

  private static SslContext sslContext() {
    try {
      return SslContextBuilder.forClient().build();
    } catch (SSLException e) {
      throw new IllegalStateException("TLS is not available", e);
    }
  }

  /** The wall clock the REST weight gate counts minutes with; call before start (tests). */
  VenueConnector restClock(LongSupplier epochMillis) {
    this.restClock = epochMillis;
    return this;
  }

  public void start() {
    if (restBase != null && snapshots == null) {
      snapshots =
          new DepthSnapshots(
              restBase,
              adapter.venue(),
              loop,
              settings,
              metrics,
              new RequestWeightGate(restWeightLimit, restClock),
              instruments::onSnapshotWaiting);
    }
    connect();
  }

  /**
   * Saves every frame of this connector (connects, subscriptions, received frames) in the recording
   * format, for later {@code ingest replay} or simulator replay. Call before start.
   */
  public VenueConnector recordTo(FrameRecorder recorder) {
    this.recorder = recorder;
    return this;
  }

  /** Completed handshakes so far (the first one included). */
  public long handshakes() {
    return handshakes.get();
  }

  /**
   * Canonical instrument → its part of {@code /ready}: null once a quote was published from its
   * synced book (or its first valid BBO quote), otherwise why not (waiting for the snapshot, book
   * invalid and resyncing, no connection). Fixed at construction, in the configured order.
   */
  public Map<String, ReadinessCheck> instrumentChecks() {
    return instruments.checks();
  }

  /** The event-loop thread this connector's channels and adapter run on. */
  public EventLoop eventLoop() {
    return loop;
  }

  /**
   * Null when the feed flows (a frame arrived since the last subscription, and frames keep being
   * handled); otherwise why not: connecting, subscribed and waiting for the first frame,
   * reconnecting and the cause, or no frame handled for longer than the stale timeout. The last one
   * is seen from here, not from the event loop, so it also catches a blocked I/O thread (whose own
   * stale timer cannot fire), e.g. one waiting on a full producer buffer.
   */
  public synchronized String notReadyReason() {
    String reason = notReady;
    if (reason != null) {
      framesAtCheck = -1;
      return reason;
    }
    long frames = adapter.counters().frames; // read like the metrics do: growing, racy is fine
    long now = System.nanoTime();
    if (frames != framesAtCheck) {
      framesAtCheck = frames;
      framesChangedAtNs = now;
      return null;
    }
    long quietNs = now - framesChangedAtNs;
    if (quietNs > settings.staleAfter().toNanos()) {
      return "no frame handled for "
          + TimeUnit.NANOSECONDS.toSeconds(quietNs)
          + " s (feed silent, or the I/O thread blocked, e.g. on a full producer buffer)";
    }
    return null;
  }

  public boolean connected() {
    Channel c = channel;
    return c != null && c.isActive();
  }

  private void connect() {
    if (closed) {
      return;
    }
    int port = uri.getPort() > 0 ? uri.getPort() : ssl != null ? 443 : 80;
    new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                if (ssl != null) {
                  ch.pipeline().addLast(ssl.newHandler(ch.alloc(), uri.getHost(), port));
                }
                ch.pipeline()
                    .addLast(
                        new HttpClientCodec(),
                        new HttpObjectAggregator(65_536),
                        new WebSocketClientProtocolHandler(
                            WebSocketClientHandshakerFactory.newHandshaker(
                                uri,
                                WebSocketVersion.V13,
                                null,
                                true,
                                new DefaultHttpHeaders(),
                                16 << 20)),
                        new WebSocketFrameAggregator(16 << 20),
                        new IdleStateHandler(
                            settings.staleAfter().toMillis(),
                            protocol.pingInterval().toMillis(),
                            0,
                            TimeUnit.MILLISECONDS),
                        new FrameHandler());
              }
            })
        .connect(uri.getHost(), port)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                // Instruments first: /ready never shows the venue down and its books still ok.
                instruments.onDisconnected("connect failed");
                notReady = "connect failed (" + f.cause() + "), retrying";
                metrics.reconnects.labelValues(adapter.venue().name(), "connect-failed").inc();
                scheduleReconnect();
              }
            });
  }

  private void scheduleReconnect() {
    if (closed) {
      return;
    }
    long delay = settings.backoffMillis(attempt++, ThreadLocalRandom.current().nextDouble());
    loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    notReady = "closed";
    Channel c = channel;
    if (c != null) {
      c.close().syncUninterruptibly();
    }
    FrameRecorder rec = recorder;
    if (rec != null) {
      rec.close();
    }
    metrics.untrack(adapter);
  }

  /** Frames in, subscriptions and pings out, liveness. */
  private final class FrameHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final ResyncingSink sink = new ResyncingSink();
    private boolean flowing;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        channel = ctx.channel();
        connectedAtNs = System.nanoTime();
        handshakes.incrementAndGet();
        adapter.onConnect(ThreadLocalRandom.current().nextLong());
        sink.channel = ctx.channel();
        if (snapshots != null) {
          snapshots.onConnect(
              (symbol, url, body, receivedNs) -> {
                FrameRecorder snapshotRec = recorder;
                if (snapshotRec != null) {
                  snapshotRec.http(url.toString(), receivedNs, body);
                }
                adapter.onSnapshot(symbol, body, receivedNs, sink);
                var book = adapter.book(symbol);
                return book != null && book.valid();
              });
        }
        FrameRecorder rec = recorder;
        if (rec != null) {
          rec.connected(uri.toString(), WallClock.epochNanos());
        }
        for (String subscription : protocol.subscriptions(symbols)) {
          if (rec != null) {
            rec.sent(uri.toString(), WallClock.epochNanos(), subscription);
          }
          ctx.writeAndFlush(new TextWebSocketFrame(subscription));
        }
        closeCause = null;
        instruments.onSubscribed();
        notReady = "subscribed, no frame received yet";
      } else if (evt instanceof IdleStateEvent idle) {
        if (idle.state() == IdleState.READER_IDLE) {
          metrics.staleFeeds.labelValues(adapter.venue().name()).inc();
          metrics.reconnects.labelValues(adapter.venue().name(), "stale").inc();
          LOG.warn("{} feed silent for {}: reconnecting", adapter.venue(), settings.staleAfter());
          closeCause = "feed silent for " + settings.staleAfter().toSeconds() + " s";
          ctx.close();
        } else if (idle.state() == IdleState.WRITER_IDLE) {
          ctx.writeAndFlush(
              protocol.ping() != null
                  ? new TextWebSocketFrame(protocol.ping())
                  : new PingWebSocketFrame());
        }
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      if (!flowing) {
        flowing = true;
        notReady = null;
      }
      byte[] bytes = ByteBufUtil.getBytes(frame.content());
      long receivedNs = WallClock.epochNanos();
      FrameRecorder rec = recorder;
      if (rec != null) {
        rec.received(receivedNs, bytes);
      }
      adapter.onFrame(bytes, receivedNs, sink);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (connectedAtNs != 0
          && System.nanoTime() - connectedAtNs > settings.healthyAfter().toNanos()) {
        attempt = 0; // it was a healthy connection: start the backoff over
      }
      String why = closeCause != null ? closeCause : "closed by the venue";
      // Instruments first: /ready never shows the venue down and its books still ok.
      instruments.onDisconnected(closed ? "closed" : why);
      if (!closed) {
        metrics.reconnects.labelValues(adapter.venue().name(), "closed").inc();
        notReady = "disconnected (" + why + "), reconnecting";
      }
      closeCause = null;
      if (snapshots != null) {
        snapshots.onDisconnect();
      }
      scheduleReconnect();
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.warn("{} connection error: {}", adapter.venue(), cause.toString());
      closeCause = "error: " + cause;
      ctx.close();
    }
  }

  /**
   * Passes events on; a broken book closes the connection once, so the reconnect's subscription
   * brings fresh snapshots for every book of it.
   */
  private final class ResyncingSink implements EventSink {
    Channel channel;

    @Override
    public void onQuote(Quote quote) {
      instruments.onQuote(quote);
      downstream.onQuote(quote);
    }

    @Override
    public void onTrade(Trade trade) {
      downstream.onTrade(trade);
    }

    @Override
    public void onDeadLetter(DeadLetter deadLetter) {
      downstream.onDeadLetter(deadLetter);
    }

    @Override
    public void onResyncNeeded(String venueSymbol, String reason) {
      instruments.onResync(venueSymbol, reason);
      downstream.onResyncNeeded(venueSymbol, reason);
      if (snapshots != null) {
        // Binance books resync from a REST snapshot while the socket goes on: the adapter
        // buffers the diffs meanwhile and publishes nothing from the book until it is in sync.
        snapshots.request(venueSymbol);
        return;
      }
      if (channel != null && channel.isActive()) {
        metrics.reconnects.labelValues(adapter.venue().name(), "resync").inc();
        closeCause = "resync of " + venueSymbol + ": " + reason;
        LOG.info(
            "{} {}: {}; reconnecting for fresh snapshots", adapter.venue(), venueSymbol, reason);
        channel.close();
        channel = null;
      }
    }
  }
}
