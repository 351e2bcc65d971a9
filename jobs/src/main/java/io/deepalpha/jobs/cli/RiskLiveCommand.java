package io.deepalpha.jobs.cli;

import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.config.TradingConfig;
import io.deepalpha.jobs.io.EventKafkaSink;
import io.deepalpha.jobs.io.KafkaSources;
import io.deepalpha.jobs.io.LogSink;
import io.deepalpha.jobs.late.LateEvent;
import io.deepalpha.jobs.risk.MarketRiskStats;
import io.deepalpha.jobs.risk.RiskJob;
import io.deepalpha.jobs.risk.RiskSettings;
import io.deepalpha.jobs.store.ResultStores;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.topic.Topics;
import java.nio.file.Path;
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
 * RiskJob live: md.quotes, md.trades, exec.fills and config.* from Kafka, transitions to
 * risk.state; with {@code --postgres}/{@code --influx} transitions, metrics, market statistics and
 * late events are stored there too (else statistics and late events go to the log).
 */
@Command(
    name = "risk-live",
    mixinStandardHelpOptions = true,
    description =
        "Run RiskJob on Kafka: md.quotes + md.trades + exec.fills + config.* -> risk.state.")
public final class RiskLiveCommand implements Callable<Integer> {
  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka bootstrap servers. Default: $KAFKA_BOOTSTRAP_SERVERS or localhost:9092")
  String bootstrap;

  @Option(
      names = "--group-id",
      defaultValue = "deepalpha-risk",
      description = "Default: ${DEFAULT-VALUE}")
  String groupId;

  @Option(
      names = "--config",
      defaultValue = "configs/trading.yaml",
      description = "Default trading config (risk_limits). Default: ${DEFAULT-VALUE}")
  Path config;

  @Option(
      names = "--window-size-ms",
      defaultValue = "60000",
      description = "Default: ${DEFAULT-VALUE}")
  long windowSizeMs;

  @Option(
      names = "--window-slide-ms",
      defaultValue = "5000",
      description = "Default: ${DEFAULT-VALUE}")
  long windowSlideMs;

  @Option(
      names = "--watermark-bound-ms",
      defaultValue = "200",
      description = "Default: ${DEFAULT-VALUE}")
  long watermarkBoundMs;

  @Option(names = "--idleness-ms", defaultValue = "5000", description = "Default: ${DEFAULT-VALUE}")
  long idlenessMs;

  @Option(
      names = "--strategy",
      defaultValue = TradingConfig.DEFAULT_STRATEGY,
      description = "Strategy the fills belong to. Default: ${DEFAULT-VALUE}")
  String strategy;

  @Option(
      names = "--from-earliest",
      description = "On a fresh start, read the topics from the beginning instead of the end.")
  boolean fromEarliest;

  @Option(
      names = "--checkpoint-interval-ms",
      defaultValue = "10000",
      description = "Default: ${DEFAULT-VALUE}")
  long checkpointIntervalMs;

  @Mixin StoreOptions storeOptions = new StoreOptions();

  @Spec CommandSpec spec;

  @Mixin BrokerCheck brokerCheck = new BrokerCheck();

  /** Where the store settings come from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    ResultStores stores = storeOptions.verifiedOrReport(environment, spec, "risk-live");
    if (stores == null || !brokerCheck.passes(bootstrap, spec, "risk-live")) {
      return StartupException.EXIT_CODE;
    }
    StreamExecutionEnvironment env = JobEnvironment.create(Duration.ofMillis(checkpointIntervalMs));
    stores.attach(job(stores).build(env));
    env.execute("deepalpha risk");
    return 0;
  }

  /** Market statistics and late events go to the stores when one is on, else to the log. */
  RiskJob job(ResultStores stores) {
    return new RiskJob(
        KafkaSources.events(
            Quote.class, bootstrap, Topics.MD_QUOTES.name(), groupId, fromEarliest, false),
        KafkaSources.events(
            Trade.class, bootstrap, Topics.MD_TRADES.name(), groupId, fromEarliest, false),
        KafkaSources.events(Fill.class, bootstrap, Topics.EXEC_FILLS.name(), groupId, true, false),
        KafkaSources.config(bootstrap, groupId + "-config", KafkaSources.CONFIG_TOPICS, false),
        EventKafkaSink.create(bootstrap, Topics.RISK_STATE.name(), RiskState.class),
        stores.any()
            ? new DiscardingSink<MarketRiskStats>()
            : new LogSink<MarketRiskStats>("risk.market"),
        stores.any() ? new DiscardingSink<LateEvent>() : new LogSink<LateEvent>("risk.late"),
        TradingConfig.load(config).forStrategy(strategy),
        new RiskSettings(
            Duration.ofMillis(windowSizeMs),
            Duration.ofMillis(windowSlideMs),
            Duration.ofMillis(watermarkBoundMs),
            Duration.ofMillis(idlenessMs),
            strategy));
  }
}
