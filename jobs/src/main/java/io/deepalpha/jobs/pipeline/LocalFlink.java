package io.deepalpha.jobs.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job graph in a Flink inside this JVM (a MiniCluster: JobManager and TaskManager threads),
 * with the REST API and web UI on a chosen port and, optionally, the Prometheus reporter. Stops
 * cleanly on SIGTERM: a shutdown hook stops the job — with a savepoint when a directory is given,
 * else by cancelling — and waits until the cluster is down before the JVM exits.
 */
public final class LocalFlink {
  private static final Logger LOG = LoggerFactory.getLogger(LocalFlink.class);

  static final ConfigOption<String> PROMETHEUS_FACTORY =
      ConfigOptions.key("metrics.reporter.prom.factory.class").stringType().noDefaultValue();
  static final ConfigOption<String> PROMETHEUS_PORT =
      ConfigOptions.key("metrics.reporter.prom.port").stringType().noDefaultValue();

  private LocalFlink() {}

  /**
   * Cluster settings of the local process: REST API + web UI on {@code restPort} (0 = any free
   * port), Prometheus reporter on {@code metricsPort} (0 = none).
   */
  public static Configuration configuration(int restPort, int metricsPort) {
    Configuration config = new Configuration();
    config.set(RestOptions.BIND_PORT, Integer.toString(restPort));
    config.set(RestOptions.PORT, restPort);
    if (metricsPort > 0) {
      config.set(
          PROMETHEUS_FACTORY, "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
      config.set(PROMETHEUS_PORT, Integer.toString(metricsPort));
    }
    return config;
  }

  /**
   * Checkpoints as files under {@code dir} instead of in the JobManager's memory, which caps a
   * subtask's state at 5 MB (the risk windows hold more at live rates).
   */
  public static void checkpointsTo(Configuration config, Path dir) {
    config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toAbsolutePath().toUri().toString());
  }

  /**
   * Submits the graph of {@code env} and blocks until the job ends: on its own (bounded input), by
   * failure (thrown), or by SIGTERM / JVM shutdown (returns normally once stopped).
   *
   * @param savepointDir where SIGTERM takes a savepoint before stopping; null: cancel instead
   */
  public static void run(
      StreamExecutionEnvironment env, String name, Path savepointDir, Duration stopTimeout)
      throws Exception {
    JobClient job = env.executeAsync(name);
    LOG.info("Job {} ({}) running", name, job.getJobID());
    CountDownLatch finished = new CountDownLatch(1);
    Stopper stopper = new Stopper(job, savepointDir, stopTimeout, finished);
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      job.getJobExecutionResult().get();
      LOG.info("Job {} finished", name);
    } catch (ExecutionException e) {
      if (!stopper.stopping) {
        throw e;
      }
      LOG.info("Job {} stopped on shutdown", name);
    } finally {
      finished.countDown();
      if (!stopper.stopping) {
        try {
          Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
          // The JVM is already shutting down; the hook finds the job ended.
        }
      }
    }
  }

  /** The shutdown hook: stop the job, then wait for {@link #run} to see it end. */
  private static final class Stopper extends Thread {
    private final JobClient job;
    private final Path savepointDir;
    private final Duration timeout;
    private final CountDownLatch finished;
    private volatile boolean stopping;

    Stopper(JobClient job, Path savepointDir, Duration timeout, CountDownLatch finished) {
      super("deepalpha-pipeline-stop");
      this.job = job;
      this.savepointDir = savepointDir;
      this.timeout = timeout;
      this.finished = finished;
    }

    @Override
    public void run() {
      stopping = true;
      try {
        if (savepointDir != null) {
          String path =
              job.stopWithSavepoint(
                      false, savepointDir.toUri().toString(), SavepointFormatType.CANONICAL)
                  .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          LOG.warn("Stopped with savepoint {} (resume with --from-savepoint {})", path, path);
        } else {
          job.cancel().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          LOG.warn("Cancelled on shutdown (no --savepoint-dir)");
        }
      } catch (Exception e) {
        LOG.error("Stopping the job failed; cancelling: {}", e.toString());
        job.cancel();
      }
      try {
        if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.error("Job did not end within {}", timeout);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
