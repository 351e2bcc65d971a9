package io.deepalpha.jobs.it;

import io.deepalpha.jobs.JobEnvironment;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The MiniCluster of the jobs ITs: one TaskManager with 4 slots, the jobs' environment settings,
 * and no restarts (Flink's default retries forever and looks like a hang).
 */
final class TestFlink {
  private TestFlink() {}

  static MiniClusterExtension cluster() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .setConfiguration(configuration())
            .build());
  }

  static Configuration configuration() {
    Configuration config = JobEnvironment.configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return config;
  }
}
