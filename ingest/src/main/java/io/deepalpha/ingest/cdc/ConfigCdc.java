package io.deepalpha.ingest.cdc;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.deepalpha.model.event.ConfigChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 */
public final class ConfigCdc implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigCdc.class);

  private final CdcSettings settings;
  private final CdcMetrics metrics;
  private final ConfigChangePublisher publisher;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final CompletableFuture<Void> streaming = new CompletableFuture<>();
  private VersionClock versions;
  private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private Thread thread;
  private boolean closed;

  public ConfigCdc(CdcSettings settings, CdcMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
    this.publisher = new ConfigChangePublisher(settings.kafkaBootstrap(), metrics);
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
    thread = new Thread(engine, "config-cdc");
    thread.start();
    LOG.info("config CDC started: {}, versions from {}", settings, versions.last());
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
      publisher.close();
    }
  }

  /** Keeps {@code ingest_cdc_engine_up} and {@link #awaitStreaming} in step with the engine. */
  private final class EngineState implements DebeziumEngine.ConnectorCallback {
    @Override
    public void pollingStarted() {
      metrics.engineUp.set(1);
      streaming.complete(null);
    }

    @Override
    public void pollingStopped() {
      metrics.engineUp.set(0);
    }

    @Override
    public void taskStopped() {
      metrics.engineUp.set(0);
    }
  }
}
