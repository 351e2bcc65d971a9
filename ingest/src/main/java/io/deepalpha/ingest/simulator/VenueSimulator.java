package io.deepalpha.ingest.simulator;

import io.deepalpha.ingest.recording.RecordedFrame;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.Instrument;
import io.deepalpha.model.instrument.InstrumentRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket server that speaks each venue's public wire format at {@code ws://host:port/<venue>}
 * (binance, okx, bybit, coinbase, kraken; {@code /kraken/v2} speaks Kraken's WebSocket v2), and
 * Binance's REST depth snapshot at {@code http://host:port/api/v3/depth} (one worker thread serves
 * every connection, so the REST answer and the stream see the same book state): a synthetic market
 * (one latent price per instrument, venue noise) or a replay of recorded sessions, with faults
 * injected on demand. Ingest connects to it exactly as to a venue; only the URL differs.
 */
public final class VenueSimulator implements AutoCloseable {
  private final SimulatorSettings settings;
  private final InstrumentRegistry registry;
  private final LatentMarket market;
  private final Map<Venue, Queue<Fault>> faults = new EnumMap<>(Venue.class);
  private final Map<Venue, AtomicLong> connections = new EnumMap<>(Venue.class);
  private final Map<Venue, List<RecordedFrame>> replay = new EnumMap<>(Venue.class);
  private final EventLoopGroup boss = new NioEventLoopGroup(1);
  private final EventLoopGroup workers = new NioEventLoopGroup(1);
  final AtomicLong framesSent = new AtomicLong();
  final AtomicLong depthRequests = new AtomicLong();
  private final Queue<DepthFault> depthFaults = new ConcurrentLinkedQueue<>();

  /** When each REST depth request arrived (System.nanoTime), in order. */
  private final List<Long> depthRequestTimes = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Binance request weight used in the current minute (X-MBX-USED-WEIGHT-1M), guarded by this. */
  private long weightMinute = Long.MIN_VALUE;

  private int usedWeight;

  /** A queued REST answer instead of a snapshot: the status, and its Retry-After (or null). */
  record DepthFault(io.netty.handler.codec.http.HttpResponseStatus status, String retryAfter) {}

  /** The latest Binance connection's wire: its book answers REST depth requests. */
  private volatile BinanceWire binanceWire;

  private long replayStartNs;
  private long replayWaitNs = -1;
  private boolean replayClockStarted;
  private long replayT0Ns;
  private double replaySpeed = 1;
  private Channel server;
  private long seed;

  public VenueSimulator(
      SimulatorSettings settings, InstrumentRegistry registry, List<String> instruments) {
    this.settings = settings;
    this.registry = registry;
    this.market = new LatentMarket(instruments, 100, settings.volatilityBps(), settings.seed());
    this.seed = settings.seed();
    for (Venue venue : Venue.values()) {
      faults.put(venue, new ConcurrentLinkedQueue<>());
      connections.put(venue, new AtomicLong());
    }
  }

  /**
   * Replays {@code frames} (RECEIVE lines of recordings, grouped by venue) instead of the synthetic
   * market for those venues, at {@code speed} times the recorded pace.
   */
  public VenueSimulator replay(Map<Venue, List<RecordedFrame>> frames, double speed) {
    return replay(frames, speed, null);
  }

  /**
   * Like {@link #replay(Map, double)}, but the replay clock starts {@code wait} after the first
   * client connects instead of at {@link #start}: a client (ingest) that starts later than the
   * simulator, and connects to each venue one after the other, still receives the whole recording
   * at its recorded pace, in sync across venues, instead of a burst of what is already due. {@code
   * null} keeps the clock of {@link #start}.
   */
  public VenueSimulator replay(
      Map<Venue, List<RecordedFrame>> frames, double speed, java.time.Duration wait) {
    replayWaitNs = wait == null ? -1 : wait.toNanos();
    replay.putAll(frames);
    replaySpeed = speed;
    replayT0Ns =
        frames.values().stream()
            .flatMap(List::stream)
            .mapToLong(RecordedFrame::timeNs)
            .min()
            .orElse(0);
    return this;
  }

  /** Binds {@code port} on loopback (0 = any) and starts the market clock; returns the port. */
  public int start(int port) throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(),
                            new HttpObjectAggregator(65_536),
                            new SimRestHandler(VenueSimulator.this),
                            new WebSocketServerProtocolHandler(
                                WebSocketServerProtocolConfig.newBuilder()
                                    .websocketPath("/")
                                    .checkStartsWith(true)
                                    .maxFramePayloadLength(16 << 20)
                                    .build()),
                            new SimSessionHandler(VenueSimulator.this));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", port))
            .sync()
            .channel();
    replayStartNs = System.nanoTime();
    long step = settings.stepInterval().toNanos();
    workers.next().scheduleAtFixedRate(market::step, step, step, TimeUnit.NANOSECONDS);
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public URI endpoint(Venue venue) {
    int port = ((InetSocketAddress) server.localAddress()).getPort();
    return URI.create("ws://127.0.0.1:" + port + "/" + venue.name().toLowerCase());
  }

  /** Queues {@code fault} for the next step of a connection of {@code venue}. */
  public void inject(Venue venue, Fault fault) {
    faults.get(venue).add(fault);
  }

  /** Connections accepted so far for {@code venue}. */
  public long connections(Venue venue) {
    return connections.get(venue).get();
  }

  /**
   * The next {@code count} REST depth requests answer {@code status} (e.g. 500, or 429 with {@code
   * Retry-After: 1}) instead of a snapshot.
   */
  public void failDepthRequests(int count, int status) {
    failDepthRequests(count, status, status == 429 || status == 418 ? 1 : -1);
  }

  /**
   * The next {@code count} REST depth requests answer {@code status} with {@code Retry-After:
   * retryAfterSeconds} (none when negative), as Binance answers a broken limit (429) or a ban
   * (418).
   */
  public void failDepthRequests(int count, int status, int retryAfterSeconds) {
    String retryAfter = retryAfterSeconds < 0 ? null : Integer.toString(retryAfterSeconds);
    for (int i = 0; i < count; i++) {
      depthFaults.add(
          new DepthFault(
              io.netty.handler.codec.http.HttpResponseStatus.valueOf(status), retryAfter));
    }
  }

  /**
   * Adds {@code weight} to this minute's used request weight, as other clients of the same IP
   * would: the next answers report it in {@code X-MBX-USED-WEIGHT-1M}.
   */
  public synchronized void useWeight(int weight) {
    rollWeightMinute();
    usedWeight += weight;
  }

  /** Counts a request of {@code weight}; the minute's used weight, as the header reports it. */
  synchronized int chargeWeight(int weight) {
    rollWeightMinute();
    usedWeight += weight;
    return usedWeight;
  }

  private void rollWeightMinute() {
    long minute = System.currentTimeMillis() / 60_000;
    if (minute != weightMinute) {
      weightMinute = minute;
      usedWeight = 0;
    }
  }

  /** When each REST depth request arrived so far ({@link System#nanoTime}), in order. */
  public List<Long> depthRequestTimes() {
    return List.copyOf(depthRequestTimes);
  }

  /** REST depth requests received so far (answered or failed). */
  public long depthRequests() {
    return depthRequests.get();
  }

  void depthRequestArrived(long nanoTime) {
    depthRequests.incrementAndGet();
    depthRequestTimes.add(nanoTime);
  }

  DepthFault nextDepthFault() {
    return depthFaults.poll();
  }

  BinanceWire binanceWire() {
    return binanceWire;
  }

  private final Map<String, Integer> replaySnapshotsServed = new java.util.HashMap<>();

  /**
   * In a replay, the next Binance depth snapshot the recording holds for the symbol (the REST
   * answers ingest's recorder saved, in their recorded order; the last one again once all were
   * served), or {@code null} when this is no replay or it holds none.
   */
  synchronized String replayDepthSnapshot(String symbol) {
    List<RecordedFrame> frames = replay.get(Venue.BINANCE);
    if (frames == null) {
      return null;
    }
    List<RecordedFrame> snapshots =
        frames.stream()
            .filter(f -> f.kind() == RecordedFrame.Kind.HTTP && isDepthOf(f.address(), symbol))
            .toList();
    if (snapshots.isEmpty()) {
      return null;
    }
    int served = replaySnapshotsServed.merge(symbol, 1, Integer::sum) - 1;
    return snapshots.get(Math.min(served, snapshots.size() - 1)).text();
  }

  private static boolean isDepthOf(String url, String symbol) {
    if (url == null || !url.contains(SimRestHandler.DEPTH_PATH)) {
      return false;
    }
    String param = "symbol=" + symbol;
    return url.contains(param + "&") || url.endsWith(param);
  }

  void binanceConnected(BinanceWire wire) {
    binanceWire = wire;
  }

  public long framesSent() {
    return framesSent.get();
  }

  SimulatorSettings settings() {
    return settings;
  }

  Fault nextFault(Venue venue) {
    return faults.get(venue).poll();
  }

  void connected(Venue venue, Channel channel) {
    connections.get(venue).incrementAndGet();
  }

  List<RecordedFrame> replayFrames(Venue venue) {
    return replay.get(venue);
  }

  synchronized long replayStartNs() {
    if (replayWaitNs >= 0 && !replayClockStarted) {
      replayStartNs = System.nanoTime() + replayWaitNs;
      replayClockStarted = true;
    }
    return replayStartNs;
  }

  long replayT0Ns() {
    return replayT0Ns;
  }

  double replaySpeed() {
    return replaySpeed;
  }

  /** Books of a new connection: every configured instrument the venue lists. */
  synchronized SimVenueBooks booksFor(Venue venue) {
    Map<String, String> symbols = new LinkedHashMap<>();
    for (String name : market.instruments()) {
      Instrument instrument = registry.require(name);
      instrument.symbolOn(venue).ifPresent(s -> symbols.put(s, name));
    }
    return new SimVenueBooks(market, symbols, settings, seed += 1_000);
  }

  /** Stops serving and closes every session; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (workers.isShuttingDown()) {
      return;
    }
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
