package io.deepalpha.jobs;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What every DeepAlpha job sets on its environment: no auto-generated uids (an operator without an
 * explicit uid fails the build of the job graph, so savepoints always map), no Kryo, an explicit
 * max parallelism (the number of key groups is fixed forever by the first savepoint).
 */
public final class JobEnvironment {
  /** Key groups; rescaling up to this parallelism keeps savepoints compatible. Never change. */
  public static final int MAX_PARALLELISM = 128;

  /** Periodic watermark emission of the sources. */
  public static final Duration WATERMARK_INTERVAL = Duration.ofMillis(10);

  /**
   * How long a partly filled network buffer may wait before it is sent downstream. Flink's default
   * (100 ms) held every quote and every watermark that long between the source and the keyed
   * evaluator at live rates: it was most of the measured signal latency (p50 98 ms).
   */
  public static final Duration BUFFER_TIMEOUT = Duration.ofMillis(1);

  private JobEnvironment() {}

  public static Configuration configuration() {
    Configuration config = new Configuration();
    config.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    config.set(PipelineOptions.GENERIC_TYPES, false);
    config.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
    // Watermarks every 10 ms instead of 200: a quote waits for the watermark before it is
    // evaluated, so this interval adds straight to signal latency.
    config.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, WATERMARK_INTERVAL);
    config.set(ExecutionOptions.BUFFER_TIMEOUT, BUFFER_TIMEOUT);
    return config;
  }

  /** The environment of the client (cluster or local), with this module's pipeline settings. */
  public static StreamExecutionEnvironment create(Duration checkpointInterval) {
    return create(checkpointInterval, new Configuration());
  }

  /** As {@link #create(Duration)}, plus {@code extra} (e.g. the savepoint to restore from). */
  public static StreamExecutionEnvironment create(
      Duration checkpointInterval, Configuration extra) {
    Configuration config = configuration();
    config.addAll(extra);
    if (!checkpointInterval.isZero()) {
      config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
      // At-least-once barriers: no alignment stalls on the signal path; the sink is at-least-once.
      config.set(
          CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.AT_LEAST_ONCE);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setMaxParallelism(MAX_PARALLELISM);
    return env;
  }
}
