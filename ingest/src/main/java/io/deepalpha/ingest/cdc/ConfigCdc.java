package io.deepalpha.ingest.cdc;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.deepalpha.ingest.health.KafkaProbe;
import io.deepalpha.model.event.ConfigChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Config CDC: a Debezium embedded engine (PostgreSQL, pgoutput) on the live-config tables, each row
 * change published as a {@link ConfigChange} on its {@code config.<table>} topic.
 *
 * <p>Exactly-once across clean restarts, at-least-once across crashes: a batch's offsets are marked
 * processed only after Kafka acknowledged every record of it, and the engine writes them to {@code
 * <state-dir>/offsets.dat} after every batch (and confirms the LSN to the replication slot). A
 * clean stop therefore resumes right after the last published change; a crash between the
 * acknowledgement and the offset write publishes that batch again, which the compacted topics and
 * the consumers' version check absorb. A batch that cannot be published stops the engine (its
 * offsets are not written), and {@link #awaitTermination} reports the failure.
 *
 * <p>Kafka outages: a {@link KafkaProbe} asks the brokers every second. When no broker answered (or
 * the batch in flight waited for its acknowledgements) for the outage limit, the CDC gives up: it
 * logs the outage, fails the batch in flight (so its offsets are never written) and {@link
 * #awaitTermination} throws a {@link KafkaOutageException}; the command exits 1 and its supervisor
 * restarts it, which resumes at the first change Kafka never acknowledged.
 */
public final class ConfigCdc implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigCdc.class);

  /** Default of {@code --kafka-outage-limit}. */
  public static final Duration DEFAULT_KAFKA_OUTAGE_LIMIT = Duration.ofSeconds(120);

  /** A batch waiting this long for Kafka's acknowledgement makes {@code /ready} say so. */
  static final Duration SLOW_PUBLISH = Duration.ofSeconds(5);

  private final CdcSettings settings;
  private final CdcMetrics metrics;
  private final Duration kafkaOutageLimit;
  private final ConfigChangePublisher publisher;
  private final ScheduledExecutorService outageWatch =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "config-cdc-outage-watch");
            t.setDaemon(true);
            return t;
          });
  private volatile KafkaProbe kafka;
  private volatile boolean polling;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final CompletableFuture<Void> streaming = new CompletableFuture<>();
  private VersionClock versions;
  private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private Thread thread;
  private boolean closed;

  public ConfigCdc(CdcSettings settings, CdcMetrics metrics) {
    this(settings, metrics, DEFAULT_KAFKA_OUTAGE_LIMIT);
  }

  /**
   * @param kafkaOutageLimit how long Kafka may stay unreachable before the CDC stops with a {@link
   *     KafkaOutageException}
   */
  public ConfigCdc(CdcSettings settings, CdcMetrics metrics, Duration kafkaOutageLimit) {
    if (kafkaOutageLimit.isNegative() || kafkaOutageLimit.isZero()) {
      throw new IllegalArgumentException(
          "--kafka-outage-limit: must be positive, got " + kafkaOutageLimit.toSeconds() + " s");
    }
    this.settings = settings;
    this.metrics = metrics;
    this.kafkaOutageLimit = kafkaOutageLimit;
    this.publisher =
        new ConfigChangePublisher(settings.kafkaBootstrap(), metrics, kafkaOutageLimit);
  }

  /** Reads the last published version, then runs the engine on a thread of its own. */
  public void start() {
    try {
      Files.createDirectories(settings.stateDir());
    } catch (IOException e) {
      throw new UncheckedIOException("--state-dir " + settings.stateDir() + ": " + e, e);
    }
    versions =
        new VersionClock(
            PublishedVersions.highest(
                settings.kafkaBootstrap(), settings.tables(), Duration.ofSeconds(30)));
    metrics.lastVersion.set(versions.last());
    engine =
        DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
            .using(settings.debeziumProperties())
            .notifying(this::handleBatch)
            .using(new EngineState())
            .using(this::completed)
            .build();
    kafka = KafkaProbe.start(settings.kafkaBootstrap());
    kafka.exposeOn(metrics.registry(), "ingest_cdc_kafka_reachable");
    outageWatch.scheduleWithFixedDelay(this::watchKafka, 1, 1, TimeUnit.SECONDS);
    thread = new Thread(engine, "config-cdc");
    thread.start();
    LOG.info(
        "config CDC started: {}, versions from {}, Kafka outage limit {} s",
        settings,
        versions.last(),
        kafkaOutageLimit.toSeconds());
  }

  /**
   * Stops the CDC once Kafka has been unreachable for the limit: no broker answered the probe, or
   * the batch in flight waited that long for its acknowledgements.
   */
  private void watchKafka() {
    Duration unreachable = kafka.unreachableFor();
    Duration waiting = publisher.waitingFor();
    Duration outage = unreachable.compareTo(waiting) >= 0 ? unreachable : waiting;
    if (outage.compareTo(kafkaOutageLimit) < 0 || stopped.isDone()) {
      return;
    }
    String message =
        "Kafka unreachable for "
            + outage.toSeconds()
            + " s (--kafka-outage-limit "
            + kafkaOutageLimit.toSeconds()
            + " s; "
            + (unreachable.isZero()
                ? "a batch waited that long for its acknowledgement"
                : "last probe: " + kafka.lastError())
            + "): stopping the config CDC; offsets stay at the last change Kafka acknowledged,"
            + " so a restart resumes there";
    LOG.error(message);
    metrics.errors.labelValues("kafka-outage").inc();
    publisher.abort(message);
    stopped.completeExceptionally(new KafkaOutageException(message));
  }

  /** For {@code /ready}: null while the engine streams and its last publish succeeded. */
  public String engineNotReadyReason() {
    if (stopped.isDone()) {
      return "engine stopped";
    }
    if (!polling) {
      return "engine not streaming (starting, or its task stopped)";
    }
    Duration waiting = publisher.waitingFor();
    if (waiting.compareTo(SLOW_PUBLISH) >= 0) {
      return "a batch has waited " + waiting.toSeconds() + " s for Kafka's acknowledgement";
    }
    return null;
  }

  /** For {@code /ready}: null while a Kafka broker answers the probe. */
  public String kafkaNotReadyReason() {
    KafkaProbe probe = kafka;
    return probe == null ? "not started" : probe.notReadyReason();
  }

  private void handleBatch(
      List<RecordChangeEvent<SourceRecord>> events,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    List<ConfigChange> changes = new ArrayList<>(events.size());
    for (RecordChangeEvent<SourceRecord> event : events) {
      SourceRecord record = event.record();
      if (!ChangeRecords.isRowChange(record)) {
        metrics.heartbeats.inc(); // offsets still advance with the batch below
        continue;
      }
      ConfigChange change;
      try {
        change = ChangeRecords.toConfigChange(record);
      } catch (RuntimeException e) {
        metrics.errors.labelValues("map").inc();
        throw new IllegalStateException("unreadable change event on " + record.topic(), e);
      }
      change.setVersion(versions.next(change.getVersion()));
      changes.add(change);
    }
    publisher.publish(changes); // returns once Kafka acknowledged all of them
    metrics.lastVersion.set(versions.last());
    for (RecordChangeEvent<SourceRecord> event : events) {
      committer.markProcessed(event);
    }
    committer.markBatchFinished();
  }

  private void completed(boolean success, String message, Throwable error) {
    metrics.engineUp.set(0);
    if (success) {
      LOG.info("config CDC engine stopped: {}", message);
      stopped.complete(null);
    } else {
      metrics.errors.labelValues("engine").inc();
      LOG.error("config CDC engine failed: {}", message, error);
      stopped.completeExceptionally(
          error != null ? error : new IllegalStateException("engine failed: " + message));
    }
    streaming.completeExceptionally(new IllegalStateException("engine stopped: " + message));
  }

  /** Waits until the engine streams changes (its task polls), or fails if it stopped first. */
  public void awaitStreaming(Duration max)
      throws InterruptedException, ExecutionException, TimeoutException {
    streaming.get(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Blocks until the engine stopped; throws what stopped it if it failed. */
  public void awaitTermination() throws InterruptedException, ExecutionException {
    stopped.get();
  }

  /**
   * Stops the engine (it writes the offsets of what was published) and the producer. Idempotent:
   * the SIGTERM hook and the command's own cleanup may both call it.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (engine != null) {
        engine.close();
      }
      if (thread != null) {
        thread.join(Duration.ofSeconds(30).toMillis());
      }
    } catch (IOException e) {
      LOG.warn("closing the config CDC engine: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      outageWatch.shutdownNow();
      publisher.close();
      if (kafka != null) {
        kafka.close();
      }
    }
  }

  /** Keeps {@code ingest_cdc_engine_up} and {@link #awaitStreaming} in step with the engine. */
  private final class EngineState implements DebeziumEngine.ConnectorCallback {
    @Override
    public void pollingStarted() {
      polling = true;
      metrics.engineUp.set(1);
      streaming.complete(null);
    }

    @Override
    public void pollingStopped() {
      polling = false;
      metrics.engineUp.set(0);
    }

    @Override
    public void taskStopped() {
      polling = false;
      metrics.engineUp.set(0);
    }
  }
}
