package io.deepalpha.ingest.health;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a Kafka broker answers: asks for the cluster's nodes every {@link #INTERVAL} from a
 * daemon thread of its own, with an Admin client beside the producer (a producer with nothing to
 * send would not notice an outage, and one with records buffered only fails them at its delivery
 * timeout). Remembers when a broker last answered, so callers can tell how long an outage has
 * lasted. Logs the changes only: the first failed probe after answers, and the first answer after
 * failures.
 */
public final class KafkaProbe implements ReadinessCheck, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaProbe.class);

  /** Pause between two probes. */
  public static final Duration INTERVAL = Duration.ofSeconds(1);

  /** How long one probe waits for an answer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final Admin admin;
  private final ScheduledExecutorService thread;
  private final long startedNs = System.nanoTime();
  private volatile boolean reachable;
  private volatile long lastAnswerNs;
  private volatile String lastError = "no probe yet";
  private boolean probed; // probe thread

  private KafkaProbe(String bootstrapServers) {
    int timeoutMs = (int) TIMEOUT.toMillis();
    admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "deepalpha-kafka-probe",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000));
    thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kafka-probe");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts probing {@code bootstrapServers} at once, then every {@link #INTERVAL}. */
  public static KafkaProbe start(String bootstrapServers) {
    KafkaProbe probe = new KafkaProbe(bootstrapServers);
    probe.thread.scheduleWithFixedDelay(
        probe::probe, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return probe;
  }

  private void probe() {
    try {
      Collection<Node> nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
              .nodes()
              .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
      if (nodes.isEmpty()) {
        failed("the cluster lists no broker");
        return;
      }
      lastAnswerNs = System.nanoTime();
      if (!reachable && probed) {
        LOG.info("Kafka answers again ({} broker(s))", nodes.size());
      }
      probed = true;
      reachable = true;
    } catch (ExecutionException e) {
      failed(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      failed("no answer within " + TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) { // never let the schedule die
      failed(e.toString());
    }
  }

  private void failed(String error) {
    if (reachable || !probed) {
      LOG.warn("Kafka probe: {} (ingest not ready until a broker answers)", error);
    }
    probed = true;
    lastError = error;
    reachable = false;
  }

  /** True when the last probe got an answer. */
  public boolean reachable() {
    return reachable;
  }

  /**
   * Zero while reachable; otherwise the time since a broker last answered (since the probe started
   * if none ever did).
   */
  public Duration unreachableFor() {
    if (reachable) {
      return Duration.ZERO;
    }
    long since = lastAnswerNs != 0 ? lastAnswerNs : startedNs;
    return Duration.ofNanos(System.nanoTime() - since);
  }

  /** The last probe's error (meaningful while unreachable). */
  public String lastError() {
    return lastError;
  }

  @Override
  public String notReadyReason() {
    if (reachable) {
      return null;
    }
    String since =
        lastAnswerNs == 0
            ? "no broker has answered yet"
            : "no broker answered for " + unreachableFor().toSeconds() + " s";
    return since + " (" + lastError + ")";
  }

  /** Registers {@code name} (1 while a broker answers, 0 otherwise) on {@code registry}. */
  public KafkaProbe exposeOn(PrometheusRegistry registry, String name) {
    GaugeWithCallback.builder()
        .name(name)
        .help("1 while a Kafka broker answers the probe, 0 otherwise")
        .callback(callback -> callback.call(reachable ? 1 : 0))
        .register(registry);
    return this;
  }

  @Override
  public void close() {
    thread.shutdownNow();
    admin.close(Duration.ZERO);
  }
}
