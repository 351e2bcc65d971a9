package io.deepalpha.jobs.cli;

import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.io.KafkaSources;
import io.deepalpha.jobs.io.LogSink;
import io.deepalpha.jobs.io.SignalKafkaSink;
import io.deepalpha.jobs.late.LateEvent;
import io.deepalpha.jobs.spread.SpreadJob;
import io.deepalpha.jobs.spread.SpreadStat;
import io.deepalpha.jobs.store.ResultStores;
import io.deepalpha.model.event.Quote;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * SpreadJob live: {@code md.quotes} and {@code config.*} from Kafka, signals to {@code signals};
 * with {@code --postgres}/{@code --influx} signals, spread statistics and late quotes are stored
 * there too (else statistics and late quotes go to the log).
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

  @Mixin StoreOptions storeOptions = new StoreOptions();

  @Spec CommandSpec spec;

  @Mixin BrokerCheck brokerCheck = new BrokerCheck();

  /** Where the store settings come from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    ResultStores stores = storeOptions.verifiedOrReport(environment, spec, "spread-live");
    if (stores == null || !brokerCheck.passes(bootstrap, spec, "spread-live")) {
      return StartupException.EXIT_CODE;
    }
    StreamExecutionEnvironment env = JobEnvironment.create(Duration.ofMillis(checkpointIntervalMs));
    build(env, false, stores);
    env.execute("deepalpha spread");
    return 0;
  }

  /**
   * The live topology; {@code bounded} stops at the current end of the quotes (tests). Statistics
   * and late quotes go to the stores when one is on, else to the log.
   */
  SpreadJob job(boolean bounded, ResultStores stores) {
    return new SpreadJob(
        KafkaSources.events(Quote.class, bootstrap, quotesTopic, groupId, fromEarliest, bounded),
        KafkaSources.config(bootstrap, groupId + "-config", KafkaSources.CONFIG_TOPICS, false),
        SignalKafkaSink.create(bootstrap, signalsTopic),
        stores.any() ? new DiscardingSink<SpreadStat>() : new LogSink<SpreadStat>("spread.stats"),
        stores.any() ? new DiscardingSink<LateEvent>() : new LogSink<LateEvent>("spread.late"),
        options.tradingConfig(),
        options.settings());
  }

  void build(StreamExecutionEnvironment env, boolean bounded, ResultStores stores) {
    stores.attach(job(bounded, stores).build(env));
  }
}
