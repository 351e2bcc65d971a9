package io.deepalpha.jobs.cli;

import io.deepalpha.jobs.config.TradingConfig;
import io.deepalpha.jobs.spread.SpreadSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options shared by the live and the replay SpreadJob. */
public final class SpreadOptions {
  @Option(
      names = "--config",
      defaultValue = "configs/trading.yaml",
      description = "Default trading config (fees, thresholds, limits). Default: ${DEFAULT-VALUE}")
  Path config;

  @Option(
      names = "--watermark-bound-ms",
      defaultValue = "100",
      description =
          "Allowed out-of-orderness of quotes; later quotes are late. Default: ${DEFAULT-VALUE}")
  long watermarkBoundMs;

  @Option(
      names = "--idleness-ms",
      defaultValue = "1000",
      description =
          "A source split idle this long stops holding the watermark (0 = off). Default: ${DEFAULT-VALUE}")
  long idlenessMs;

  @Option(
      names = "--stat-interval-ms",
      defaultValue = "1000",
      description = "Spread statistics interval per venue pair. Default: ${DEFAULT-VALUE}")
  long statIntervalMs;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Parallelism of the spread operator. Default: ${DEFAULT-VALUE}")
  int parallelism;

  @Option(
      names = "--strategy",
      defaultValue = TradingConfig.DEFAULT_STRATEGY,
      description = "Strategy rows to use from table strategies. Default: ${DEFAULT-VALUE}")
  String strategy;

  TradingConfig tradingConfig() {
    return TradingConfig.load(config).forStrategy(strategy);
  }

  SpreadSettings settings() {
    return new SpreadSettings(
        Duration.ofMillis(watermarkBoundMs),
        Duration.ofMillis(idlenessMs),
        Duration.ofMillis(statIntervalMs),
        parallelism);
  }
}
