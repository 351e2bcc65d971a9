package io.deepalpha.executor.kafka;

import io.deepalpha.executor.config.ExecutorConfig;
import io.deepalpha.executor.core.ExecutionEngine;
import io.deepalpha.executor.journal.JournalFullException;
import io.deepalpha.executor.metrics.ExecutorCounters;
import io.deepalpha.executor.metrics.ExecutorCounters.Counter;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.topic.Topics;
import io.deepalpha.model.wire.WireCodec;
import io.deepalpha.model.wire.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The executor's two consumers, both polled on the executor thread.
 *
 * <ul>
 *   <li>signals: a consumer group member, no auto-commit; offsets are committed after the batch's
 *       outcomes are in the journal, so a crash re-delivers at most what the journal already knows
 *       (and the duplicate rule drops it).
 *   <li>state: risk.state and config.* assigned (no group) and read from the beginning — they are
 *       compacted state and a restarted executor must know a HALT before its first signal — plus
 *       md.quotes from the end (only the latest book matters).
 * </ul>
 *
 * <p>It also judges the link: the state consumer always has a fetch outstanding (the broker answers
 * within fetch.max.wait.ms even when there is nothing), so no fetch answer for {@link
 * #OUTAGE_AFTER_NS} means Kafka is unreachable. While it is, and after a poll that threw, both
 * consumers are polled only every {@link #OUTAGE_POLL_INTERVAL_NS} (their reconnects go on inside
 * poll), so that a lost broker does not cost a core; see {@link #pollDue}.
 */
public final class KafkaInbound implements AutoCloseable {
  /** No fetch answer for this long: Kafka is unreachable. */
  public static final long OUTAGE_AFTER_NS = 3_000_000_000L;

  /** How often the consumers are polled while Kafka is unreachable or after a poll failed. */
  public static final long OUTAGE_POLL_INTERVAL_NS = 100_000_000L;

  private static final long LINK_CHECK_INTERVAL_NS = 200_000_000L;
  private static final CloseOptions CLOSE = CloseOptions.timeout(Duration.ofSeconds(5));

  private final KafkaConsumer<byte[], byte[]> signals;
  private final KafkaConsumer<byte[], byte[]> state;
  private final String signalsTopic;
  private final String riskTopic;
  private final String quotesTopic;
  private final WireCodec<Signal> signalCodec = WireCodec.of(Signal.class);
  private final WireCodec<RiskState> riskCodec = WireCodec.of(RiskState.class);
  private final WireCodec<ConfigChange> configCodec = WireCodec.of(ConfigChange.class);
  private final WireCodec<Quote> quoteCodec = WireCodec.of(Quote.class);
  private Signal signal = new Signal();
  private Quote quote = new Quote();
  private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
  private volatile boolean assigned;

  private final ExecutorCounters counters;
  private final Metric stateFetches;
  private double fetchesSeen = -1;
  private long lastFetchNs = System.nanoTime();
  private long nextLinkCheckNs;
  private long nextPollNs;
  private volatile boolean connected = true;
  private volatile long outageSinceNs;
  private volatile String lastPollError = "";
  private volatile boolean fenced;

  public KafkaInbound(ExecutorConfig config, ExecutorCounters counters) {
    this.signalsTopic = config.topic(Topics.SIGNALS);
    this.riskTopic = config.topic(Topics.RISK_STATE);
    this.quotesTopic = config.topic(Topics.MD_QUOTES);
    this.counters = counters;
    this.signals = new KafkaConsumer<>(signalsProperties(config));
    this.state = new KafkaConsumer<>(stateProperties(config));
    this.stateFetches = fetchTotal(state);
  }

  /** The consumer's count of fetch answers (the metric object: reading it does not look it up). */
  private static Metric fetchTotal(KafkaConsumer<?, ?> consumer) {
    for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
      MetricName n = e.getKey();
      if (n.name().equals("fetch-total")
          && n.group().equals("consumer-fetch-manager-metrics")
          && !n.tags().containsKey("topic")) {
        return e.getValue();
      }
    }
    throw new IllegalStateException("the Kafka consumer has no fetch-total metric");
  }

  static Properties common(ExecutorConfig config) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Latency: the broker answers a fetch as soon as one byte is there, or after this wait.
    p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.toString(config.kafkaFetchMaxWaitMs()));
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "256");
    return p;
  }

  private static Properties signalsProperties(ExecutorConfig config) {
    Properties p = common(config);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.kafkaGroupId());
    if (!config.kafkaGroupInstanceId().isEmpty()) {
      p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.kafkaGroupInstanceId());
    }
    // A new group starts at the beginning: every signal gets an outcome (old ones expire).
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return p;
  }

  private static Properties stateProperties(ExecutorConfig config) {
    Properties p = common(config);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return p;
  }

  /**
   * Assigns the state topics and reads risk.state and config.* up to their current end, so that the
   * kill switch and config are known before the first signal.
   */
  public int catchUpState(ExecutionEngine engine, String... configTopics) {
    List<TopicPartition> stateParts = new ArrayList<>(partitions(riskTopic));
    for (String t : configTopics) {
      stateParts.addAll(partitions(t));
    }
    List<TopicPartition> quoteParts = partitions(quotesTopic);
    List<TopicPartition> all = new ArrayList<>(stateParts);
    all.addAll(quoteParts);
    state.assign(all);
    state.seekToBeginning(stateParts);
    state.seekToEnd(quoteParts);
    Map<TopicPartition, Long> end = state.endOffsets(stateParts);
    int read = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!caughtUp(end)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("risk.state/config.* not read to the end within 60 s");
      }
      read += dispatchState(engine, state.poll(Duration.ofMillis(100)), nowUs());
    }
    return read;
  }

  private boolean caughtUp(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (state.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Waits up to 30 s for the topic's metadata: it may have been created a moment ago. */
  private List<TopicPartition> partitions(String topic) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<PartitionInfo> infos = state.partitionsFor(topic, Duration.ofSeconds(30));
    while ((infos == null || infos.isEmpty()) && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      infos = state.partitionsFor(topic, Duration.ofSeconds(30));
    }
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    List<TopicPartition> parts = new ArrayList<>();
    for (PartitionInfo i : infos) {
      parts.add(new TopicPartition(topic, i.partition()));
    }
    return parts;
  }

  /** Joins the signals group; /ready waits for the assignment. */
  public void subscribeSignals() {
    signals.subscribe(
        List.of(signalsTopic),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitNow();
            assigned = false;
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned = true;
          }

          @Override
          public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // No longer a member: a commit would fail. Uncommitted records come again, and the
            // journal makes them duplicates.
            toCommit.clear();
            assigned = false;
          }
        });
  }

  /** Signals partitions assigned, and not fenced by another member with our instance id. */
  public boolean assigned() {
    return assigned && !fenced;
  }

  /**
   * True once another executor joined with the same KAFKA_GROUP_INSTANCE_ID and took the signals
   * partitions: this consumer receives nothing any more (until a restart).
   */
  public boolean fenced() {
    return fenced;
  }

  /**
   * Once per duty cycle, before the polls: judges the link (every 200 ms) and says whether the
   * consumers are polled in this cycle — always while Kafka answers, every 100 ms while it does not
   * or after a poll threw. Executor thread only; no allocation.
   */
  public boolean pollDue(long nowNs) {
    if (nowNs - nextLinkCheckNs >= 0) {
      nextLinkCheckNs = nowNs + LINK_CHECK_INTERVAL_NS;
      checkLink(nowNs);
    }
    if (nowNs - nextPollNs < 0) {
      return false;
    }
    if (!connected) {
      nextPollNs = nowNs + OUTAGE_POLL_INTERVAL_NS;
    }
    return true;
  }

  private void checkLink(long nowNs) {
    double fetches = ((Number) stateFetches.metricValue()).doubleValue();
    if (fetches != fetchesSeen) {
      fetchesSeen = fetches;
      lastFetchNs = nowNs;
      if (!connected) {
        connected = true;
        nextPollNs = nowNs;
      }
    } else if (connected && nowNs - lastFetchNs > OUTAGE_AFTER_NS) {
      outageSinceNs = lastFetchNs;
      connected = false;
      counters.increment(Counter.KAFKA_OUTAGES);
    }
  }

  /** False from {@link #OUTAGE_AFTER_NS} after the last fetch answer until the next one. */
  public boolean connected() {
    return connected;
  }

  /** How long Kafka has been unreachable (since its last fetch answer), 0 while it answers. */
  public long outageNanos(long nowNs) {
    long since = outageSinceNs;
    return connected ? 0 : nowNs - since;
  }

  /** The last exception a poll threw (text for the operator's log), "" if none. */
  public String lastPollError() {
    return lastPollError;
  }

  /** A poll or commit threw: counted, and the next poll waits, so that it cannot spin. */
  private void onPollError(KafkaException e, long nowNs) {
    if (e instanceof FencedInstanceIdException) {
      fenced = true;
    }
    counters.increment(Counter.KAFKA_POLL_ERRORS);
    lastPollError = e.toString();
    nextPollNs = nowNs + OUTAGE_POLL_INTERVAL_NS;
  }

  /** Quotes, risk states, config changes since the last cycle. */
  public int pollState(ExecutionEngine engine, long nowUs) {
    ConsumerRecords<byte[], byte[]> records;
    try {
      records = state.poll(Duration.ZERO);
    } catch (KafkaException e) {
      onPollError(e, System.nanoTime());
      return 0;
    }
    return dispatchState(engine, records, nowUs);
  }

  private int dispatchState(
      ExecutionEngine engine, ConsumerRecords<byte[], byte[]> records, long nowUs) {
    int n = 0;
    for (ConsumerRecord<byte[], byte[]> r : records) {
      n++;
      if (r.value() == null) {
        continue; // tombstone after a config DELETE
      }
      try {
        if (r.topic().equals(quotesTopic)) {
          quote = quoteCodec.decode(r.value(), quote);
          engine.onQuote(quote, nowUs);
        } else if (r.topic().equals(riskTopic)) {
          engine.onRiskState(riskCodec.decode(r.value()));
        } else {
          engine.onConfigChange(configCodec.decode(r.value()));
        }
      } catch (WireFormatException e) {
        engine.counters().incrementShared(Counter.DECODE_ERRORS);
      }
    }
    return n;
  }

  /** Signals since the last cycle, each to its outcome; then the batch's offsets are committed. */
  public int pollSignals(ExecutionEngine engine, long nowNs, long nowUs) {
    if (fenced) {
      // Another member owns our instance id and the partitions. A fenced consumer still fetches
      // what it had, and polling again would rejoin and fence the other one: both would trade.
      return 0;
    }
    ConsumerRecords<byte[], byte[]> records;
    try {
      records = signals.poll(Duration.ZERO);
    } catch (KafkaException e) {
      onPollError(e, nowNs);
      return 0;
    }
    if (records.isEmpty()) {
      return 0;
    }
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (r.value() != null) {
        try {
          signal = signalCodec.decode(r.value(), signal);
          engine.onSignal(signal, System.nanoTime(), nowUs);
        } catch (WireFormatException e) {
          engine.counters().incrementShared(Counter.DECODE_ERRORS);
        } catch (JournalFullException e) {
          // The records before this one have their outcomes: commit exactly up to here, so that
          // an executor on a fresh journal starts at the first signal without one.
          commitNow();
          throw e;
        }
      }
      toCommit.put(
          new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
    }
    // Every outcome of the batch is in the journal now: the offsets may move past it. Should the
    // commit fail, the records come again and the journal's signal ids make them duplicates.
    try {
      signals.commitAsync(new HashMap<>(toCommit), null);
      toCommit.clear();
    } catch (KafkaException e) {
      onPollError(e, nowNs);
    }
    return records.count();
  }

  private void commitNow() {
    if (!toCommit.isEmpty()) {
      try {
        signals.commitSync(toCommit, Duration.ofSeconds(10));
      } catch (KafkaException e) {
        // Not committed: those signals come again, and the journal makes them duplicates.
        counters.increment(Counter.KAFKA_POLL_ERRORS);
        lastPollError = e.toString();
      }
      toCommit.clear();
    }
  }

  private static long nowUs() {
    return System.currentTimeMillis() * 1000;
  }

  @Override
  public void close() {
    // Bounded: with Kafka gone, the default close waits 30 s per consumer for the coordinator.
    try {
      signals.close(CLOSE);
    } finally {
      state.close(CLOSE);
    }
  }
}
