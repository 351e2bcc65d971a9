package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/deepalpha ingest|jobs|executor ARGS}: each module's own command line behind the one
 * entry point, on the jars the reactor built before this module (DEEPALPHA_SKIP_BUILD=1: no Maven
 * run inside the test).
 */
class DeepalphaCommandTest {
  private static final Map<String, String> BUILT = Map.of("DEEPALPHA_SKIP_BUILD", "1");

  @Test
  void eachModuleCommandRunsTheModulesOwnCliAndPassesItsArguments() {
    for (String module : new String[] {"ingest", "jobs", "executor"}) {
      assertThat(Repo.path(module + "/target/deepalpha-" + module + "-0.1.0-SNAPSHOT.jar"))
          .as("built by the reactor before infra/deploy-tests (mvn verify from the root)")
          .exists();
    }
    Tools.Result ingest =
        Tools.run(Repo.ROOT, BUILT, "bin/deepalpha", "ingest", "replay", "--help");
    assertThat(ingest.exitCode()).as(ingest.output()).isZero();
    assertThat(ingest.output()).startsWith("Usage: ingest replay ").contains("--to-json");

    Tools.Result jobs = Tools.run(Repo.ROOT, BUILT, "bin/deepalpha", "jobs", "spread", "--help");
    assertThat(jobs.exitCode()).as(jobs.output()).isZero();
    assertThat(jobs.output()).startsWith("Usage: jobs spread ").contains("--input");

    Tools.Result executor = Tools.run(Repo.ROOT, BUILT, "bin/deepalpha", "executor", "--list-keys");
    assertThat(executor.exitCode()).as(executor.output()).isZero();
    assertThat(executor.output()).contains("MAX_POSITION_SIZE").contains("RISK_LIMIT");
  }

  @Test
  void aBadArgumentReachesTheModuleWhichStopsNamingIt() {
    Tools.Result r =
        Tools.run(Repo.ROOT, BUILT, "bin/deepalpha", "ingest", "replay", "--to-json", "-", "x.0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output()).contains("FILE x.0: no such file");
  }

  @Test
  void theUsageListsTheModuleCommands() {
    Tools.Result r = Tools.run(Repo.ROOT, BUILT, "bin/deepalpha", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.output())
        .contains("  ingest ARGS")
        .contains("  jobs ARGS")
        .contains("  executor ARGS");
    assertThat(Files.isExecutable(Repo.path("bin/deepalpha"))).isTrue();
  }
}
