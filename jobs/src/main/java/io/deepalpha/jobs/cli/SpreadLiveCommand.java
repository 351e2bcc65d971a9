package io.deepalpha.jobs.cli;

import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.io.KafkaSources;
import io.deepalpha.jobs.io.LogSink;
import io.deepalpha.jobs.io.SignalKafkaSink;
import io.deepalpha.jobs.spread.SpreadJob;
import io.deepalpha.model.event.Quote;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * SpreadJob live: {@code md.quotes} and {@code config.*} from Kafka, signals to {@code signals}.
 * Spread statistics and late quotes go to the log until the sinks module's PostgreSQL/InfluxDB
 * sinks are wired in.
 */
@Command(
    name = "spread-live",
    mixinStandardHelpOptions = true,
    description = "Run SpreadJob on Kafka: md.quotes + config.* -> signals.")
public final class SpreadLiveCommand implements Callable<Integer> {
  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka bootstrap servers. Default: $KAFKA_BOOTSTRAP_SERVERS or localhost:9092")
  String bootstrap;

  @Option(
      names = "--group-id",
      defaultValue = "deepalpha-spread",
      description = "Kafka consumer group. Default: ${DEFAULT-VALUE}")
  String groupId;

  @Option(
      names = "--quotes-topic",
      defaultValue = "md.quotes",
      description = "Default: ${DEFAULT-VALUE}")
  String quotesTopic;

  @Option(
      names = "--signals-topic",
      defaultValue = "signals",
      description = "Default: ${DEFAULT-VALUE}")
  String signalsTopic;

  @Option(
      names = "--from-earliest",
      description =
          "On a fresh start (no savepoint), read md.quotes from the beginning instead of the end.")
  boolean fromEarliest;

  @Option(
      names = "--checkpoint-interval-ms",
      defaultValue = "10000",
      description = "Checkpoint interval (0 = off). Default: ${DEFAULT-VALUE}")
  long checkpointIntervalMs;

  @Mixin SpreadOptions options = new SpreadOptions();

  @Override
  public Integer call() throws Exception {
    StreamExecutionEnvironment env = JobEnvironment.create(Duration.ofMillis(checkpointIntervalMs));
    build(env, false);
    env.execute("deepalpha spread");
    return 0;
  }

  /** The live topology; {@code bounded} stops at the current end of the quotes (tests). */
  SpreadJob job(boolean bounded) {
    return new SpreadJob(
        KafkaSources.events(Quote.class, bootstrap, quotesTopic, groupId, fromEarliest, bounded),
        KafkaSources.config(bootstrap, groupId + "-config", KafkaSources.CONFIG_TOPICS, false),
        SignalKafkaSink.create(bootstrap, signalsTopic),
        new LogSink<>("spread.stats"),
        new LogSink<>("spread.late"),
        options.tradingConfig(),
        options.settings());
  }

  void build(StreamExecutionEnvironment env, boolean bounded) {
    job(bounded).build(env);
  }
}
