package io.deepalpha.executor.config;

import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/** What the agent thread does when a duty cycle found no work (IDLE_STRATEGY). */
public enum IdleStrategyKind {
  BUSY_SPIN("busy-spin"),
  BACKOFF("backoff"),
  YIELD("yield"),
  SLEEP("sleep");

  private final String configName;

  IdleStrategyKind(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public IdleStrategy create() {
    return switch (this) {
      case BUSY_SPIN -> new BusySpinIdleStrategy();
      // Spin a little, yield a little, then park up to 1 ms: ~1 ms worst-case reaction, low CPU.
      case BACKOFF ->
          new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), 1_000_000L);
      case YIELD -> new YieldingIdleStrategy();
      case SLEEP -> new SleepingMillisIdleStrategy(1);
    };
  }

  static IdleStrategyKind parse(String value) {
    for (IdleStrategyKind k : values()) {
      if (k.configName.equals(value)) {
        return k;
      }
    }
    throw new ConfigException(
        ConfigKey.IDLE_STRATEGY
            + ": '"
            + value
            + "' is not one of busy-spin, backoff, yield, sleep");
  }
}
