package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.model.topic.Topic;
import io.deepalpha.model.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** infra/deploy-c5n.sh: options, refusals, and the exact steps of its dry runs. */
class DeployScriptTest {
  private static final String SCRIPT = Repo.path("infra/deploy-c5n.sh").toString();
  private static final List<String> ALL_SECRETS =
      List.of(
          "postgres_password",
          "influxdb_password",
          "influxdb_token",
          "grafana_admin_password",
          "binance_api_key",
          "binance_api_secret",
          "okx_api_key",
          "okx_api_secret",
          "okx_passphrase",
          "executor_admin_token");
  private static final Pattern STEP = Pattern.compile("^\\s?\\d+\\. (.*)$");

  @TempDir Path secrets;
  @TempDir Path state;

  @BeforeEach
  void secretFiles() throws IOException {
    for (String name : ALL_SECRETS) {
      Files.writeString(secrets.resolve(name), "not-a-real-secret\n");
    }
  }

  @Test
  void helpListsEveryOptionAndValue() {
    Tools.Result r = deploy("--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.output())
        .contains("--env=ENV", "testing | staging | production")
        .contains("--mode=MODE", "normal  | rolling | dev | hotfix")
        .contains("--version=VERSION", "vX.Y.Z, or \"previous\"")
        .contains("--dry-run");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--env=prod --mode=normal --version=v1.0.0 | unknown --env 'prod': use one of testing, staging, production",
        "--env=testing --mode=blue-green --version=v1.0.0 | unknown --mode 'blue-green': use one of normal, rolling, dev, hotfix",
        "--env=testing --mode=normal --version=1.0 | unknown --version '1.0': use vX.Y.Z (e.g. v1.4.2) or previous",
        "--env=testing --mode=normal --version=latest | unknown --version 'latest'",
        "--mode=normal --version=v1.0.0 | --env is required",
        "--env=testing --version=v1.0.0 | --mode is required",
        "--env=testing --mode=normal | --version is required",
        "--env=testing --mode=normal --version=v1.0.0 --force | unknown argument '--force'",
        "--env=staging --mode=dev | --mode=dev deploys local builds and discards job state: only --env=testing",
        "--env=production --mode=dev | only --env=testing",
      })
  void refusesUnknownOrMissingValuesNamingThem(String args, String message) {
    Tools.Result r = deploy(args.strip().split(" "));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output()).contains("deploy-c5n: ").contains(message.strip());
    assertThat(r.output()).doesNotContain("$ ");
  }

  @Test
  void liveEnvironmentsNeedTheExplicitConfirmation() {
    Tools.Result r =
        deploy(Map.of(), "--env=production", "--mode=normal", "--version=v1.0.0", "--dry-run");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output())
        .contains(
            "--env=production trades real money (TRADING_MODE=live): export LIVE_TRADING_CONFIRMED=true");
  }

  @Test
  void aMissingSecretFileStopsTheDeployNamingIt() throws IOException {
    Files.delete(secrets.resolve("okx_passphrase"));
    Files.writeString(secrets.resolve("postgres_password"), "");

    Tools.Result r =
        deploy(live(), "--env=staging", "--mode=normal", "--version=v1.0.0", "--dry-run");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output())
        .contains(
            "missing or empty secret files in " + secrets + ": postgres_password okx_passphrase");
  }

  @Test
  void testingNeedsNoVenueKeysAndCreatesEmptyFilesForTheMounts() throws IOException {
    for (String name : List.of("binance_api_key", "okx_passphrase")) {
      Files.delete(secrets.resolve(name));
    }
    Tools.Result r = deploy("--env=testing", "--mode=normal", "--version=v1.0.0", "--dry-run");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(commands(r.output()))
        .contains("install -m 600 /dev/null " + secrets.resolve("binance_api_key"))
        .contains("install -m 600 /dev/null " + secrets.resolve("okx_passphrase"))
        .noneMatch(c -> c.contains(secrets.resolve("okx_api_key").toString()));
  }

  @Test
  void firstNormalDeployPrintsItsStepsInOrderAndStartsTheJobsFresh() {
    Tools.Result r = deploy("--env=testing", "--mode=normal", "--version=v1.0.0", "--dry-run");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(steps(r.output()))
        .containsExactly(
            "check secret files in "
                + secrets
                + " (non-empty, mode 600): postgres_password influxdb_password influxdb_token grafana_admin_password",
            "pull images deepalpha/{ingest,executor,jobs,migrations}:v1.0.0",
            "back up PostgreSQL before the schema can change",
            "start the stores and wait until healthy: kafka postgres influxdb",
            "InfluxDB 2.x: serve bucket deepalpha as database deepalpha on the v1 API (sinks, Grafana), once",
            "create the contract topics that are missing (auto creation is off)",
            "apply the PostgreSQL migrations of v1.0.0 (forward only, before the new code runs)",
            "job spread: stop <none> with a savepoint",
            "job risk: stop <none> with a savepoint",
            "executor: no release recorded, nothing to drain",
            "recreate the Flink JobManager and TaskManager on v1.0.0",
            "job spread: start v1.0.0 from no savepoint (first start)",
            "job risk: start v1.0.0 from no savepoint (first start)",
            "cdc: switch to v1.0.0 (Debezium; offsets on the cdc-state volume, so it continues after"
                + " the last change)",
            "executor: start v1.0.0 and wait until /ready (journal recovered, partitions assigned)",
            "ingest: switch to v1.0.0 (idempotent producer; quotes pause for the restart)",
            "start monitoring: prometheus grafana node-exporter",
            "record release v1.0.0 in " + state.resolve("releases.tsv"));
    List<String> commands = commands(r.output());
    assertThat(commands)
        .contains(
            compose("testing", "v1.0.0")
                + " pull migrations flink-jobmanager flink-taskmanager ingest executor")
        .contains(
            Repo.path("infra/backup/pg-backup.sh") + " --compose --env=testing --retention-days=14")
        .contains(compose("testing", "v1.0.0") + " run --rm migrations migrate")
        .contains(
            flink("testing", "v1.0.0")
                + " run -m flink-jobmanager:8081 -d -c io.deepalpha.jobs.cli.JobsCli /opt/flink/usrlib/deepalpha-jobs.jar spread-live --bootstrap-servers kafka:9092 --config /opt/deepalpha/configs/trading.yaml");
    assertThat(commands).noneMatch(c -> c.contains(" stop -m ") || c.contains(" -s "));
    String influx =
        commands.stream().filter(c -> c.contains("exec -T influxdb")).findFirst().orElseThrow();
    assertThat(influx)
        .contains("influx v1 dbrp create --db deepalpha --rp deepalpha --default")
        .contains("--password \"$(cat /run/secrets/influxdb_password)\"")
        .contains("INFLUX_TOKEN=\"$(cat /run/secrets/influxdb_token)\"");
    assertThat(r.output())
        .contains("deploy-c5n: v1.0.0 deployed on testing (dry run: nothing is executed)");
    assertThat(Files.exists(state.resolve("releases.tsv")))
        .as("a dry run records nothing")
        .isFalse();
  }

  @Test
  void createsExactlyTheContractTopicsWithTheirPartitionsAndPolicies() {
    List<String> expected = new ArrayList<>();
    for (Topic topic : Topics.all()) {
      StringBuilder c = new StringBuilder(compose("testing", "v1.0.0"));
      c.append(
              " exec -T kafka /opt/kafka/bin/kafka-topics.sh --bootstrap-server localhost:9092 --create --if-not-exists --topic ")
          .append(topic.name())
          .append(" --partitions ")
          .append(topic.partitions())
          .append(" --replication-factor 1");
      topic.configs().forEach((k, v) -> c.append(" --config ").append(k).append('=').append(v));
      expected.add(c.toString());
    }
    List<String> created =
        commands(deploy("--env=testing", "--mode=normal", "--version=v1.0.0", "--dry-run").output())
            .stream()
            .filter(c -> c.contains("kafka-topics.sh"))
            .toList();

    assertThat(created).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void rollingUpgradeStopsEachJobWithASavepointThenResumesTheNewVersionFromIt() throws IOException {
    history("v1.1.0\t2026-01-01T00:00:00Z\t\t\n");

    Tools.Result r =
        deploy(live(), "--env=staging", "--mode=rolling", "--version=v1.2.0", "--dry-run");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(steps(r.output()))
        .containsExactly(
            "check secret files in "
                + secrets
                + " (non-empty, mode 600): "
                + String.join(" ", ALL_SECRETS),
            "pull images deepalpha/{ingest,executor,jobs,migrations}:v1.2.0",
            "apply the PostgreSQL migrations of v1.2.0 (forward only, before the new code runs)",
            "job spread: stop v1.1.0 with a savepoint, then resume v1.2.0 from it",
            "job risk: stop v1.1.0 with a savepoint, then resume v1.2.0 from it",
            "executor: drain v1.1.0 (no order in flight, journal published to Kafka), then stop it",
            "cdc: switch to v1.2.0 (Debezium; offsets on the cdc-state volume, so it continues after"
                + " the last change)",
            "executor: start v1.2.0 and wait until /ready (journal recovered, partitions assigned)",
            "ingest: switch to v1.2.0 (idempotent producer; quotes pause for the restart)",
            "record release v1.2.0 in " + state.resolve("releases.tsv"));
    List<String> commands = commands(r.output());
    for (String job : List.of("spread", "risk")) {
      String stop =
          flink("staging", "v1.1.0")
              + " stop -m flink-jobmanager:8081 --savepointPath file:///var/lib/flink/savepoints/"
              + job
              + " <"
              + job
              + "-job-id>";
      String resume =
          flink("staging", "v1.2.0")
              + " run -m flink-jobmanager:8081 -d -s <savepoint-of-"
              + job
              + "-v1.1.0> -c io.deepalpha.jobs.cli.JobsCli /opt/flink/usrlib/deepalpha-jobs.jar "
              + job
              + "-live --bootstrap-servers kafka:9092 --config /opt/deepalpha/configs/trading.yaml";
      assertThat(commands).contains(stop, resume);
      assertThat(commands.indexOf(stop)).isLessThan(commands.indexOf(resume));
    }
    assertThat(commands).noneMatch(c -> c.contains("--drain ") || c.contains(" cancel "));
    String drain = SCRIPT + " --drain-executor staging v1.1.0 120";
    String stopOld = compose("staging", "v1.1.0") + " stop -t 60 executor";
    String startNew = compose("staging", "v1.2.0") + " up -d --no-deps executor";
    String ready = SCRIPT + " --wait-ready staging v1.2.0 executor 8081 /ready 180";
    assertThat(commands).containsSubsequence(drain, stopOld, startNew, ready);
    assertThat(r.output())
        .contains(">> v1.2.0\t")
        .contains("<savepoint-of-spread-v1.1.0>\t<savepoint-of-risk-v1.1.0>");
  }

  @Test
  void rollbackResumesThePreviousReleaseFromTheSavepointsItLeftItself() throws IOException {
    history(
        "v1.0.0\t2026-01-01T00:00:00Z\t\t\n"
            + "v1.1.0\t2026-02-01T00:00:00Z\tfile:/flink/savepoints/spread/savepoint-a\tfile:/flink/savepoints/risk/savepoint-b\n");

    Tools.Result r =
        deploy(live(), "--env=production", "--mode=rolling", "--version=previous", "--dry-run");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output())
        .contains(
            "deploy-c5n: env=production mode=rolling version=v1.0.0 current=v1.1.0 (rollback)");
    assertThat(steps(r.output()))
        .contains("schema migrations skipped (rollback): migrations only move forward");
    List<String> commands = commands(r.output());
    assertThat(commands)
        .contains(
            flink("production", "v1.0.0")
                + " run -m flink-jobmanager:8081 -d -s file:/flink/savepoints/spread/savepoint-a -c io.deepalpha.jobs.cli.JobsCli /opt/flink/usrlib/deepalpha-jobs.jar spread-live --bootstrap-servers kafka:9092 --config /opt/deepalpha/configs/trading.yaml")
        .contains(
            flink("production", "v1.0.0")
                + " run -m flink-jobmanager:8081 -d -s file:/flink/savepoints/risk/savepoint-b -c io.deepalpha.jobs.cli.JobsCli /opt/flink/usrlib/deepalpha-jobs.jar risk-live --bootstrap-servers kafka:9092 --config /opt/deepalpha/configs/trading.yaml")
        .contains(
            flink("production", "v1.1.0")
                + " stop -m flink-jobmanager:8081 --savepointPath file:///var/lib/flink/savepoints/spread <spread-job-id>");
    assertThat(commands).noneMatch(c -> c.endsWith(" run --rm migrations migrate"));
    assertThat(r.output()).contains("kept for a later roll-forward: <savepoint-of-spread-v1.1.0>");
  }

  @Test
  void rollbackWithoutAnEarlierReleaseIsRefused() throws IOException {
    Tools.Result none = deploy("--env=testing", "--mode=normal", "--version=previous", "--dry-run");
    history("v1.0.0\t2026-01-01T00:00:00Z\t\t\n");
    Tools.Result one = deploy("--env=testing", "--mode=rolling", "--version=previous", "--dry-run");

    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.output())
        .contains(
            "--version=previous: no release before '<none>' in " + state.resolve("releases.tsv"));
    assertThat(one.exitCode()).isEqualTo(2);
    assertThat(one.output()).contains("--version=previous: no release before 'v1.0.0'");
  }

  @Test
  void rollingAndHotfixNeedARunningRelease() {
    for (String mode : List.of("rolling", "hotfix")) {
      Tools.Result r = deploy("--env=testing", "--mode=" + mode, "--version=v1.0.1", "--dry-run");
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.output())
          .contains("--mode=" + mode + " replaces a running release, and none is recorded");
    }
  }

  @Test
  void hotfixTakesOnlyAPatchOfTheRunningVersionAndSkipsMigrations() throws IOException {
    history("v1.4.2\t2026-01-01T00:00:00Z\t\t\n");

    Tools.Result minor = deploy("--env=testing", "--mode=hotfix", "--version=v1.5.0", "--dry-run");
    Tools.Result older = deploy("--env=testing", "--mode=hotfix", "--version=v1.4.1", "--dry-run");
    Tools.Result patch = deploy("--env=testing", "--mode=hotfix", "--version=v1.4.3", "--dry-run");

    assertThat(minor.exitCode()).isEqualTo(2);
    assertThat(minor.output())
        .contains("--mode=hotfix needs a patch release of v1.4.2 (v1.4.Z with Z > 2); got v1.5.0");
    assertThat(older.exitCode()).isEqualTo(2);
    assertThat(patch.exitCode()).as(patch.output()).isZero();
    assertThat(steps(patch.output()))
        .contains("schema migrations skipped (hotfix): migrations only move forward")
        .contains("job spread: stop v1.4.2 with a savepoint, then resume v1.4.3 from it");
    assertThat(commands(patch.output())).noneMatch(c -> c.endsWith(" run --rm migrations migrate"));
  }

  @Test
  void devBuildsThisCheckoutAndRestartsTheJobsWithoutState() throws IOException {
    history("v1.0.0\t2026-01-01T00:00:00Z\t\t\n");

    Tools.Result r = deploy("--env=testing", "--mode=dev", "--dry-run");

    assertThat(r.exitCode()).as(r.output()).isZero();
    List<String> commands = commands(r.output());
    for (String image : List.of("ingest", "executor", "jobs", "migrations")) {
      assertThat(commands)
          .contains(
              "docker build -f "
                  + Repo.path("infra/docker/" + image + ".Dockerfile")
                  + " -t deepalpha/"
                  + image
                  + ":dev "
                  + Repo.ROOT);
    }
    assertThat(steps(r.output()))
        .contains("job spread: cancel without a savepoint (dev: state discarded), start dev");
    assertThat(commands)
        .contains(flink("testing", "dev") + " cancel -m flink-jobmanager:8081 <spread-job-id>");
    assertThat(commands).noneMatch(c -> c.contains(" -s ") || c.contains(" pull "));
  }

  @Test
  void everyValidEnvironmentAndModeHasADryRun() throws IOException {
    history("v2.3.4\t2026-01-01T00:00:00Z\t\t\n");
    for (String env : List.of("testing", "staging", "production")) {
      for (String mode : List.of("normal", "rolling", "hotfix", "dev")) {
        List<String> args = new ArrayList<>(List.of("--env=" + env, "--mode=" + mode, "--dry-run"));
        if (!mode.equals("dev")) {
          args.add("--version=v2.3.5");
        }
        Tools.Result r = deploy(live(), args.toArray(String[]::new));
        if (mode.equals("dev") && !env.equals("testing")) {
          assertThat(r.exitCode()).isEqualTo(2);
          continue;
        }
        assertThat(r.exitCode()).as(env + " " + mode + ": " + r.output()).isZero();
        assertThat(steps(r.output())).first().asString().startsWith("check secret files");
        assertThat(steps(r.output())).last().asString().startsWith("record release ");
      }
    }
  }

  private Tools.Result deploy(String... args) {
    return deploy(Map.of(), args);
  }

  private Tools.Result deploy(Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("DEEPALPHA_SECRETS_DIR", secrets.toString());
    env.put("DEEPALPHA_STATE_DIR", state.toString());
    env.putIfAbsent("LIVE_TRADING_CONFIRMED", "");
    List<String> argv = new ArrayList<>();
    argv.add(SCRIPT);
    argv.addAll(List.of(args));
    return Tools.run(Repo.ROOT, env, argv.toArray(String[]::new));
  }

  private static Map<String, String> live() {
    return Map.of("LIVE_TRADING_CONFIRMED", "true");
  }

  private void history(String lines) throws IOException {
    Files.writeString(state.resolve("releases.tsv"), lines);
  }

  private String compose(String env, String version) {
    return "env DEEPALPHA_ENV="
        + env
        + " DEEPALPHA_VERSION="
        + version
        + " DEEPALPHA_SECRETS_DIR="
        + secrets
        + " DEEPALPHA_REGISTRY=deepalpha docker compose -p deepalpha -f "
        + Repo.path("infra/compose/compose.yaml");
  }

  private String flink(String env, String version) {
    return compose(env, version) + " run --rm --no-deps -T flink-jobmanager flink";
  }

  static List<String> steps(String output) {
    List<String> steps = new ArrayList<>();
    for (String line : output.split("\n")) {
      Matcher m = STEP.matcher(line);
      if (m.matches()) {
        steps.add(m.group(1));
      }
    }
    return steps;
  }

  static List<String> commands(String output) {
    return output.lines().filter(l -> l.startsWith("    $ ")).map(l -> l.substring(6)).toList();
  }
}
