package io.deepalpha.executor;

import io.deepalpha.executor.config.ConfigLoader;
import io.deepalpha.executor.config.ExecutorConfig;
import io.deepalpha.executor.core.ExecutionEngine;
import io.deepalpha.executor.core.ExecutorAgent;
import io.deepalpha.executor.core.OutageIdleStrategy;
import io.deepalpha.executor.core.Recovery;
import io.deepalpha.executor.http.HttpApi;
import io.deepalpha.executor.journal.Journal;
import io.deepalpha.executor.journal.SegmentPreparer;
import io.deepalpha.executor.kafka.KafkaInbound;
import io.deepalpha.executor.kafka.OutcomePublisher;
import io.deepalpha.executor.metrics.ExecutorCounters;
import io.deepalpha.executor.metrics.ExecutorMetrics;
import io.deepalpha.executor.risk.Books;
import io.deepalpha.executor.risk.Limits;
import io.deepalpha.executor.risk.LiveConfig;
import io.deepalpha.executor.venue.VenueGateways;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.instrument.Instrument;
import io.deepalpha.model.instrument.InstrumentRegistry;
import io.deepalpha.model.topic.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.agrona.concurrent.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one executor: journal -> engine and venues -> recovery -> state topics read to the end ->
 * publisher -> HTTP -> the executor thread joins the signals group. Stopping goes the other way.
 *
 * <p>A watch thread logs Kafka outages and, after KAFKA_OUTAGE_EXIT_SECONDS without Kafka, hands
 * {@link #EXIT_KAFKA_OUTAGE} to the exit handler (the process exits, its supervisor restarts it); a
 * journal that cannot roll to a new segment (disk full) gives {@link #EXIT_JOURNAL_FULL}.
 */
public final class Executor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
  private static final int MAX_ORDERS_IN_FLIGHT = 1024;
  private static final long WATCH_INTERVAL_MS = 250;

  /** Process exit code after Kafka stayed unreachable for KAFKA_OUTAGE_EXIT_SECONDS. */
  public static final int EXIT_KAFKA_OUTAGE = 3;

  /** Process exit code when the journal had no room for another outcome (README: journal full). */
  public static final int EXIT_JOURNAL_FULL = 4;

  private final ExecutorConfig config;
  private final List<Path> envFiles;
  private final Map<String, String> environment;
  private final Journal journal;
  private final ExecutionEngine engine;
  private final KafkaInbound inbound;
  private final OutcomePublisher publisher;
  private final Thread publisherThread;
  private final HttpApi http;
  private final AgentRunner runner;
  private final AgentRunner segmentPreparer;
  private final ExecutorAgent agent;
  private final Thread kafkaWatch;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean recovered;

  private Executor(
      ExecutorConfig config,
      List<Path> envFiles,
      Map<String, String> environment,
      IntConsumer exitHandler)
      throws IOException {
    this.config = config;
    this.envFiles = envFiles;
    this.environment = environment;
    InstrumentRegistry registry = InstrumentRegistry.loadDefault();
    List<String> instruments = new ArrayList<>();
    for (Instrument i : registry.instruments()) {
      instruments.add(i.name());
    }
    Books books = new Books(registry, instruments);
    LiveConfig liveConfig = new LiveConfig(config.paperTakerFeeBps().doubleValue());
    ExecutorCounters counters = new ExecutorCounters();
    ExecutorMetrics metrics = new ExecutorMetrics(counters);
    journal =
        Journal.open(
            config.journalDir(),
            config.journalSegmentBytes(),
            config.journalMinFreeMb() * 1024L * 1024L);
    segmentPreparer = SegmentPreparer.start(journal);
    engine =
        new ExecutionEngine(
            config.mode(),
            registry,
            books,
            liveConfig,
            Limits.of(config),
            journal,
            config.journalFsync(),
            config.legFailurePolicy(),
            config.unwindSlippageBps(),
            MAX_ORDERS_IN_FLIGHT,
            counters);
    VenueGateways.create(config, books, liveConfig, counters).forEach(engine::addGateway);
    Recovery.Result result = Recovery.run(engine, System.nanoTime());
    LOG.info(
        "journal {} ({} segments): {} records, {} signals with an outcome inside the dedup"
            + " horizon, {} fills, {} open orders being reconciled",
        journal.file(),
        journal.segmentCount(),
        result.records(),
        result.signals(),
        result.fills(),
        result.openOrders());
    inbound = new KafkaInbound(config, counters);
    agent = new ExecutorAgent(engine, inbound);
    int stateRecords =
        inbound.catchUpState(
            engine,
            config.topic(Topics.CONFIG_INSTRUMENTS),
            config.topic(Topics.CONFIG_STRATEGIES),
            config.topic(Topics.CONFIG_RISK_LIMITS));
    LOG.info("read {} risk.state/config records before the first signal", stateRecords);
    recovered = true;
    publisher = new OutcomePublisher(config, journal);
    publisherThread = new Thread(publisher, "executor-publisher");
    publisherThread.setDaemon(true);
    publisherThread.start();
    metrics.gauge("orders_in_flight", "Orders sent and not final", engine::ordersInFlight);
    metrics.gauge(
        "journal_bytes",
        "Bytes used in every journal segment on disk (the active one and those not yet published)",
        journal::retainedBytes);
    metrics.gauge(
        "journal_capacity_bytes",
        "What the journal can grow to: its segments on disk plus the whole segments the disk has"
            + " room for beyond JOURNAL_MIN_FREE_MB (at journal_bytes the next roll fails: exit 4)",
        journal::capacityBytes);
    metrics.gauge(
        "journal_segment_bytes", "Bytes used in the active journal segment", journal::position);
    metrics.gauge(
        "journal_segment_capacity_bytes",
        "Size of one journal segment (JOURNAL_SIZE_MB)",
        journal::capacity);
    metrics.gauge(
        "journal_segments",
        "Journal segment files on disk (the active one and those not yet published)",
        journal::segmentCount);
    metrics.gauge(
        "journal_compaction_seconds",
        "Duration of the last roll on the executor thread (snapshot into the segment prepared"
            + " ahead, or new segment + snapshot when none was ready), seconds",
        () -> journal.lastRollNanos() / 1e9);
    metrics.gauge(
        "journal_compaction_max_seconds",
        "Longest roll since start, seconds",
        () -> journal.maxRollNanos() / 1e9);
    metrics.gauge("publisher_lag_bytes", "Journal bytes not yet on Kafka", publisher::lagBytes);
    metrics.riskStates(engine.riskStates());
    metrics.gauge("trading_mode", "0 paper, 1 testnet, 2 live", () -> config.mode().ordinal());
    metrics.gauge(
        "kafka_connected",
        "1 while Kafka answers the executor's fetches, 0 while it is unreachable",
        () -> inbound.connected() ? 1 : 0);
    metrics.gauge(
        "kafka_outage_seconds",
        "How long Kafka has been unreachable (since its last fetch answer), 0 while it answers",
        () -> inbound.outageNanos(System.nanoTime()) / 1e9);
    http =
        new HttpApi(
            config.httpBind(),
            config.httpPort(),
            metrics,
            List.of(
                new HttpApi.Readiness("journal-recovered", () -> recovered),
                new HttpApi.Readiness("kafka-assigned", inbound::assigned),
                new HttpApi.Readiness("kafka-connected", inbound::connected),
                new HttpApi.Readiness("venues-reachable", engine::venuesReachable),
                new HttpApi.Readiness("journal-has-room", this::journalHasRoom)),
            publisher::recentTrades,
            config.adminToken(),
            this::reload);
    inbound.subscribeSignals();
    runner =
        new AgentRunner(
            new OutageIdleStrategy(config.idleStrategy().create(), inbound::connected),
            e -> LOG.error("executor thread: {}", e.toString()),
            null,
            agent);
    AgentRunner.startOnThread(runner);
    kafkaWatch = new Thread(() -> watchKafka(exitHandler), "executor-kafka-watch");
    kafkaWatch.setDaemon(true);
    kafkaWatch.start();
    LOG.info(
        "executor running: mode={} http={}:{} idle={}",
        config.mode().name().toLowerCase(java.util.Locale.ROOT),
        config.httpBind(),
        http.port(),
        config.idleStrategy().configName());
  }

  /** In process (tests, harnesses): the outage limit is logged, nothing exits. */
  public static Executor start(
      ExecutorConfig config, List<Path> envFiles, Map<String, String> environment)
      throws IOException {
    return start(config, envFiles, environment, code -> {});
  }

  /**
   * @param exitHandler receives, once and on the watch thread, {@link #EXIT_KAFKA_OUTAGE} when
   *     Kafka stayed unreachable for KAFKA_OUTAGE_EXIT_SECONDS, or {@link #EXIT_JOURNAL_FULL} when
   *     the executor thread stopped on a full journal; the process main exits with it
   */
  public static Executor start(
      ExecutorConfig config,
      List<Path> envFiles,
      Map<String, String> environment,
      IntConsumer exitHandler)
      throws IOException {
    return new Executor(config, envFiles, environment, exitHandler);
  }

  /**
   * Logs when Kafka goes away and comes back, and gives up after the configured outage: the
   * executor thread has stopped taking signals by then (nothing to consume), every outcome taken is
   * in the journal and offsets are committed only behind it, so a restart loses nothing.
   */
  private void watchKafka(IntConsumer exitHandler) {
    long limitNs = config.kafkaOutageExitSeconds() * 1_000_000_000L;
    boolean down = false;
    boolean fencedLogged = false;
    while (!closed.get()) {
      if (agent.stoppedOnFullJournal()) {
        LOG.error(
            "journal full: {}; segment {} has {} of {} bytes used. The executor thread stopped"
                + " before taking another signal (offsets are committed up to the last outcome);"
                + " exiting with code {}. Free disk space (or lower JOURNAL_MIN_FREE_MB) and"
                + " restart; executor/README.md, 'Journal full'",
            journal.rollFailure().isEmpty() ? "no room in the segment" : journal.rollFailure(),
            journal.file(),
            journal.position(),
            journal.capacity(),
            EXIT_JOURNAL_FULL);
        exitHandler.accept(EXIT_JOURNAL_FULL);
        return;
      }
      if (inbound.fenced() && !fencedLogged) {
        fencedLogged = true;
        LOG.error(
            "fenced: another executor joined group {} with KAFKA_GROUP_INSTANCE_ID={} and took the"
                + " signals partitions; this one receives no signal any more and reports not ready"
                + " until it is restarted (two executors must not share an instance id)",
            config.kafkaGroupId(),
            config.kafkaGroupInstanceId());
      }
      long outageNs = inbound.outageNanos(System.nanoTime());
      if (outageNs > 0 && !down) {
        down = true;
        LOG.warn(
            "Kafka unreachable: no fetch answer for {} ms; no signal is consumed and /ready says"
                + " not ready; {}{}",
            outageNs / 1_000_000,
            limitNs > 0
                ? "the executor exits after KAFKA_OUTAGE_EXIT_SECONDS="
                    + config.kafkaOutageExitSeconds()
                : "KAFKA_OUTAGE_EXIT_SECONDS=0: it waits for Kafka for ever",
            inbound.lastPollError().isEmpty()
                ? ""
                : " (last poll error: " + inbound.lastPollError() + ")");
      } else if (outageNs == 0 && down) {
        down = false;
        LOG.info("Kafka reachable again");
      }
      if (limitNs > 0 && outageNs >= limitNs) {
        LOG.error(
            "Kafka unreachable for {} s (KAFKA_OUTAGE_EXIT_SECONDS={}): exiting with code {} so that"
                + " the supervisor restarts the executor; every outcome is in the journal, {}"
                + " bytes of it not yet published (they are published after the restart)",
            outageNs / 1_000_000_000L,
            config.kafkaOutageExitSeconds(),
            EXIT_KAFKA_OUTAGE,
            publisher.lagBytes());
        exitHandler.accept(EXIT_KAFKA_OUTAGE);
        return;
      }
      try {
        Thread.sleep(WATCH_INTERVAL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Re-reads the env files and environment and swaps the limits in between signals. Orders in
   * flight are not touched. Mode, venues, keys and endpoints need a restart.
   */
  public synchronized String reload() {
    ExecutorConfig next = ConfigLoader.load(envFiles, environment);
    if (next.mode() != config.mode() || !next.venues().equals(config.venues())) {
      throw new IllegalArgumentException(
          "TRADING_MODE and VENUES change only with a restart; limits were not changed");
    }
    Limits limits = Limits.of(next);
    engine.reloadLimits(limits);
    LOG.info("limits reloaded: {}", limits);
    return "reloaded: " + limits;
  }

  private boolean journalHasRoom() {
    return !agent.stoppedOnFullJournal() && journal.hasRoomForSignal();
  }

  public int httpPort() {
    return http.port();
  }

  public ExecutionEngine engine() {
    return engine;
  }

  public TradingMode mode() {
    return config.mode();
  }

  Supplier<Boolean> ready() {
    return () -> recovered && inbound.assigned() && inbound.connected() && engine.venuesReachable();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.close();
    runner.close();
    segmentPreparer.close();
    publisher.close();
    try {
      publisherThread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    engine.closeGateways();
    journal.force();
    journal.close();
    LOG.info("executor stopped");
  }
}
