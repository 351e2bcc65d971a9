package io.deepalpha.infra.pipeline;

import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskLevel;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.topic.Topics;
import io.deepalpha.model.wire.WireCodec;
import io.deepalpha.model.wire.WireCodecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches the pipeline from the outside, through Kafka only: what went into each contract topic
 * during this run (it starts at the topics' current ends), the outcome of every signal, the paper
 * PnL from the fills, the latest risk level and config versions, and the latency of each hop:
 *
 * <ul>
 *   <li>venue event → ingest: the quote's receive time minus its exchange time;
 *   <li>ingest → Kafka: when this consumer saw the quote minus its receive time;
 *   <li>quote → signal: when this consumer saw the signal minus the receive time of the later of
 *       its two quotes;
 *   <li>signal → order: when this consumer saw the signal's first order record minus when it saw
 *       the signal (same clock, so no skew).
 * </ul>
 *
 * Each hop is kept twice: over the whole run, and from {@link #WARM_UP} after the first quote on
 * (the steady state, without the minute in which every JVM compiles at once).
 *
 * <p>One thread polls; readers take a {@link Snapshot} under the lock.
 */
final class Tap implements AutoCloseable {
  private static final List<String> TOPICS =
      List.of(
          Topics.MD_QUOTES.name(),
          Topics.MD_TRADES.name(),
          Topics.MD_DEADLETTER.name(),
          Topics.SIGNALS.name(),
          Topics.EXEC_ORDERS.name(),
          Topics.EXEC_FILLS.name(),
          Topics.RISK_STATE.name(),
          Topics.CONFIG_INSTRUMENTS.name(),
          Topics.CONFIG_STRATEGIES.name(),
          Topics.CONFIG_RISK_LIMITS.name());

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<TopicPartition, Long> nextOffsets = new HashMap<>(); // guarded by this
  private final WireCodec<Quote> quotes = WireCodecs.quote();
  private final WireCodec<Trade> trades = WireCodecs.trade();
  private final WireCodec<Signal> signals = WireCodecs.signal();
  private final WireCodec<Order> orders = WireCodecs.order();
  private final WireCodec<Fill> fills = WireCodecs.fill();
  private final WireCodec<RiskState> risk = WireCodecs.riskState();
  private final WireCodec<ConfigChange> config = WireCodecs.configChange();
  private final Quote quote = new Quote();

  // Guarded by this.
  private final Map<String, long[]> eventsByVenue = new TreeMap<>(); // venue -> {quotes, trades}
  private long deadLetters;
  private long decodeErrors;
  private final Map<String, Long> signalSeenNs = new HashMap<>();
  private final List<Signal> signalList = new ArrayList<>();
  private final Map<String, Order> latestOrder = new LinkedHashMap<>(); // client id -> last rev
  private final Map<String, Set<Integer>> revisions = new HashMap<>(); // client id -> revisions
  private final Map<String, Long> firstOrderNs = new HashMap<>(); // signal id -> seen
  private final List<Fill> fillList = new ArrayList<>();
  private final Map<String, RiskState> riskByKey = new TreeMap<>();
  private final Map<String, ConfigChange> lastConfig = new TreeMap<>(); // table -> last change
  private final Map<Hop, Histogram> hops = new EnumMap<>(Hop.class);
  // The same, for what this tap saw from WARM_UP after the first quote: the services (JVMs) all
  // warm up at once when the market starts, on a 2-vCPU host that is most of the run's tail.
  private final Map<Hop, Histogram> afterWarmUp = new EnumMap<>(Hop.class);
  private final long warmUpNs;
  private final boolean venueHop;
  private long firstQuoteSeenNs;

  /** How long after the first quote the steady-state latency figures begin. */
  static final Duration WARM_UP = Duration.ofSeconds(20);

  enum Hop {
    VENUE_TO_INGEST("venue event → ingest"),
    INGEST_TO_KAFKA("ingest → Kafka"),
    QUOTE_TO_SIGNAL("quote → signal"),
    SIGNAL_TO_ORDER("signal → order");

    final String label;

    Hop(String label) {
      this.label = label;
    }
  }

  Tap(String bootstrap) {
    this(bootstrap, WARM_UP, true);
  }

  /**
   * A tap whose steady-state figures begin {@code warmUp} after the first quote it sees; {@code
   * venueHop} false for a replay, whose exchange times are the recording's, hours or days ago.
   */
  Tap(String bootstrap, Duration warmUp, boolean venueHop) {
    this.warmUpNs = warmUp.toNanos();
    this.venueHop = venueHop;
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("enable.auto.commit", "false");
    p.put("fetch.max.wait.ms", "5");
    p.put("max.poll.records", "5000");
    p.put("client.id", "deepalpha-pipeline-tap");
    consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : TOPICS) {
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
    // This run only: everything already in the topics belongs to earlier runs.
    consumer.seekToEnd(partitions);
    for (TopicPartition tp : partitions) {
      nextOffsets.put(tp, consumer.position(tp));
    }
    for (Hop hop : Hop.values()) {
      hops.put(hop, new Histogram(3_600_000_000L, 3)); // µs, up to an hour
      afterWarmUp.put(hop, new Histogram(3_600_000_000L, 3));
    }
    thread = new Thread(this::poll, "pipeline-tap");
    thread.setDaemon(true);
  }

  Tap start() {
    thread.start();
    return this;
  }

  private void poll() {
    try {
      while (running.get()) {
        var records = consumer.poll(Duration.ofMillis(100));
        long seenNs = Clock.epochNanos();
        synchronized (this) {
          for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
              take(r, seenNs);
            } catch (RuntimeException e) {
              decodeErrors++;
            }
          }
        }
      }
    } catch (WakeupException stopping) {
      // close() asked to stop
    } finally {
      consumer.close();
    }
  }

  private void take(ConsumerRecord<byte[], byte[]> r, long seenNs) {
    nextOffsets.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
    if (r.value() == null) {
      return; // a compaction tombstone
    }
    switch (r.topic()) {
      case "md.quotes" -> {
        if (firstQuoteSeenNs == 0) {
          firstQuoteSeenNs = seenNs;
        }
        Quote q = quotes.decode(r.value(), quote);
        eventsByVenue.computeIfAbsent(q.getVenue().name(), v -> new long[2])[0]++;
        if (venueHop && q.getTimeSource() == TimeSource.EXCHANGE) {
          record(Hop.VENUE_TO_INGEST, q.getReceiveTimeNs() / 1000 - q.getExchangeTimeUs(), seenNs);
        }
        record(Hop.INGEST_TO_KAFKA, (seenNs - q.getReceiveTimeNs()) / 1000, seenNs);
      }
      case "md.trades" -> {
        Trade t = trades.decode(r.value());
        eventsByVenue.computeIfAbsent(t.getVenue().name(), v -> new long[2])[1]++;
      }
      case "md.deadletter" -> deadLetters++;
      case "signals" -> {
        Signal s = signals.decode(r.value());
        if (signalSeenNs.putIfAbsent(s.getSignalId(), seenNs) == null) {
          signalList.add(s);
        }
        long lastQuoteNs = Math.max(s.getBuyQuoteReceiveNs(), s.getSellQuoteReceiveNs());
        record(Hop.QUOTE_TO_SIGNAL, (seenNs - lastQuoteNs) / 1000, seenNs);
      }
      case "exec.orders" -> {
        Order o = orders.decode(r.value());
        revisions.computeIfAbsent(o.getClientOrderId(), c -> new HashSet<>()).add(o.getRevision());
        Order previous = latestOrder.get(o.getClientOrderId());
        if (previous == null || previous.getRevision() <= o.getRevision()) {
          latestOrder.put(o.getClientOrderId(), o);
        }
        if (firstOrderNs.putIfAbsent(o.getSignalId(), seenNs) == null) {
          Long signalNs = signalSeenNs.get(o.getSignalId());
          if (signalNs != null) {
            record(Hop.SIGNAL_TO_ORDER, (seenNs - signalNs) / 1000, seenNs);
          }
        }
      }
      case "exec.fills" -> fillList.add(fills.decode(r.value()));
      case "risk.state" -> {
        RiskState s = risk.decode(r.value());
        riskByKey.put(s.getScope() + "/" + s.getScopeKey(), s);
      }
      default -> {
        if (r.topic().startsWith("config.")) {
          ConfigChange c = config.decode(r.value());
          lastConfig.put(c.getTable(), c);
        }
      }
    }
  }

  /** The partitions this tap reads, with the offset of the next record it will take. */
  synchronized Map<TopicPartition, Long> nextOffsets() {
    return new HashMap<>(nextOffsets);
  }

  private void record(Hop hop, long micros, long seenNs) {
    Histogram h = hops.get(hop);
    long value = Math.min(Math.max(0, micros), h.getHighestTrackableValue());
    h.recordValue(value);
    if (firstQuoteSeenNs != 0 && seenNs - firstQuoteSeenNs >= warmUpNs) {
      afterWarmUp.get(hop).recordValue(value);
    }
  }

  /** A consistent copy of everything seen so far. */
  synchronized Snapshot snapshot() {
    Map<String, long[]> venues = new TreeMap<>();
    eventsByVenue.forEach((v, c) -> venues.put(v, c.clone()));
    // Orders of this run's signals only: a restarted executor may still answer older ones.
    Map<OrderStatus, Long> byStatus = new EnumMap<>(OrderStatus.class);
    List<Order> runOrders = new ArrayList<>();
    for (Order o : latestOrder.values()) {
      if (signalSeenNs.containsKey(o.getSignalId())) {
        byStatus.merge(o.getStatus(), 1L, Long::sum);
        runOrders.add(o);
      }
    }
    long runOrderRecords =
        runOrders.stream().mapToLong(o -> revisions.get(o.getClientOrderId()).size()).sum();
    List<Fill> runFills =
        fillList.stream().filter(f -> signalSeenNs.containsKey(f.getSignalId())).toList();
    Map<Hop, Histogram> hopCopies = new EnumMap<>(Hop.class);
    hops.forEach((k, h) -> hopCopies.put(k, h.copy()));
    Map<Hop, Histogram> afterWarmUpCopies = new EnumMap<>(Hop.class);
    afterWarmUp.forEach((k, h) -> afterWarmUpCopies.put(k, h.copy()));
    double pnl = 0;
    double notional = 0;
    for (Fill f : runFills) {
      double price = f.getPrice() / Math.pow(10, f.getPriceScale());
      double qty = f.getQty() / Math.pow(10, f.getSizeScale());
      double fee = f.getFee() / Math.pow(10, f.getFeeScale());
      boolean feeInBase = f.getInstrument().startsWith(f.getFeeAsset() + "-");
      double feeQuote = feeInBase ? fee * price : fee;
      pnl += (f.getSide() == Side.SELL ? price * qty : -price * qty) - feeQuote;
      notional += price * qty;
    }
    RiskLevel worst = RiskLevel.OK;
    String worstReason = "";
    for (RiskState s : riskByKey.values()) {
      if (s.getLevel().ordinal() > worst.ordinal()) {
        worst = s.getLevel();
        worstReason = s.getScope() + " " + s.getScopeKey() + ": " + s.getReason();
      }
    }
    return new Snapshot(
        venues,
        deadLetters,
        decodeErrors,
        List.copyOf(signalList),
        (int) firstOrderNs.keySet().stream().filter(signalSeenNs::containsKey).count(),
        byStatus,
        runOrders,
        runOrderRecords,
        runFills,
        pnl,
        notional,
        worst,
        worstReason,
        new TreeMap<>(lastConfig),
        hopCopies,
        afterWarmUpCopies);
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the tap saw, at one moment. */
  record Snapshot(
      Map<String, long[]> eventsByVenue,
      long deadLetters,
      long decodeErrors,
      List<Signal> signals,
      int signalsWithOutcome,
      Map<OrderStatus, Long> ordersByStatus,
      List<Order> orders,
      long orderRecords,
      List<Fill> fillRecords,
      double pnlQuote,
      double filledNotional,
      RiskLevel riskLevel,
      String riskReason,
      Map<String, ConfigChange> lastConfigByTable,
      Map<Hop, Histogram> hops,
      Map<Hop, Histogram> hopsAfterWarmUp) {

    long quotes() {
      return eventsByVenue.values().stream().mapToLong(c -> c[0]).sum();
    }

    long trades() {
      return eventsByVenue.values().stream().mapToLong(c -> c[1]).sum();
    }

    long orderCount() {
      return ordersByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    int fills() {
      return fillRecords.size();
    }
  }
}
