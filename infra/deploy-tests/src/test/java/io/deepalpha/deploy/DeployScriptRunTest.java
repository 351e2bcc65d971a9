package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/deploy-c5n.sh for real (not --dry-run) against a hand-written fake `docker` on the PATH
 * that records every call and answers like Flink's CLI and the executor do: the parsing of job ids
 * and savepoint paths, the drain and readiness loops, the release history, failures.
 */
class DeployScriptRunTest {
  private static final String SPREAD_SAVEPOINT =
      "file:/var/lib/flink/savepoints/spread/savepoint-a1b2c3-0001";
  private static final String RISK_SAVEPOINT =
      "file:/var/lib/flink/savepoints/risk/savepoint-d4e5f6-0002";

  @TempDir Path bin;
  @TempDir Path secrets;
  @TempDir Path state;

  @BeforeEach
  void fakeDockerAndSecrets() throws IOException {
    for (String name :
        List.of(
            "postgres_password", "influxdb_password", "influxdb_token", "grafana_admin_password")) {
      Files.writeString(secrets.resolve(name), "x\n");
    }
    Path docker = bin.resolve("docker");
    Files.writeString(
        docker,
        """
        #!/usr/bin/env bash
        # Fake docker for DeployScriptRunTest: records the call, answers like the real tools.
        echo "$*" >> "$FAKE_DOCKER_LOG"
        [ -z "${FAKE_DOCKER_FAIL:-}" ] || case "$*" in *"$FAKE_DOCKER_FAIL"*) echo "fake failure" >&2; exit 3 ;; esac
        case "$*" in
          *" flink list "*)
            echo "------------------ Running/Restarting Jobs -------------------"
            echo "22.11.2026 01:00:00 : a1b2c3 : deepalpha spread (RUNNING)"
            echo "22.11.2026 01:00:01 : d4e5f6 : deepalpha risk (RUNNING)" ;;
          *" flink stop "*savepoints/spread*) echo "Savepoint completed. Path: %s" ;;
          *" flink stop "*savepoints/risk*) echo "Savepoint completed. Path: %s" ;;
          *"exec -T executor bash -c"*)
            printf 'HTTP/1.0 200 OK\\r\\n\\r\\n'
            echo "deepalpha_executor_orders_in_flight ${FAKE_IN_FLIGHT:-0.0}"
            echo "deepalpha_executor_publisher_lag_bytes 0.0" ;;
        esac
        exit 0
        """
            .formatted(SPREAD_SAVEPOINT, RISK_SAVEPOINT));
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void rollingUpgradeResumesEachJobFromTheSavepointFlinkReportedAndRecordsIt() throws IOException {
    history("v1.1.0\t2026-01-01T00:00:00Z\t\t\n");

    Tools.Result r = deploy(Map.of(), "--env=testing", "--mode=rolling", "--version=v1.2.0");

    assertThat(r.exitCode()).as(r.output()).isZero();
    List<String> calls = dockerCalls();
    assertThat(calls)
        .containsSubsequence(
            "compose -p deepalpha -f "
                + Repo.path("infra/compose/compose.yaml")
                + " pull migrations flink-jobmanager flink-taskmanager ingest executor",
            flinkCall(
                "stop -m flink-jobmanager:8081 --savepointPath file:///var/lib/flink/savepoints/spread a1b2c3"),
            flinkCall(
                "run -m flink-jobmanager:8081 -d -s "
                    + SPREAD_SAVEPOINT
                    + " -c io.deepalpha.jobs.cli.JobsCli /opt/flink/usrlib/deepalpha-jobs.jar spread-live --bootstrap-servers kafka:9092 --config /opt/deepalpha/configs/trading.yaml"),
            flinkCall(
                "stop -m flink-jobmanager:8081 --savepointPath file:///var/lib/flink/savepoints/risk d4e5f6"),
            flinkCall(
                "run -m flink-jobmanager:8081 -d -s "
                    + RISK_SAVEPOINT
                    + " -c io.deepalpha.jobs.cli.JobsCli /opt/flink/usrlib/deepalpha-jobs.jar risk-live --bootstrap-servers kafka:9092 --config /opt/deepalpha/configs/trading.yaml"),
            compose(
                "exec -T executor bash -c exec 3<>/dev/tcp/127.0.0.1/8081; printf \"GET /metrics HTTP/1.0\\r\\n\\r\\n\" >&3; cat <&3"),
            compose("stop -t 60 executor"),
            compose("up -d --no-deps executor"),
            compose("exec -T executor /usr/local/bin/deepalpha-healthcheck 8081 /ready"),
            compose("up -d --no-deps ingest"));
    List<String> releases = Files.readAllLines(state.resolve("releases.tsv"));
    assertThat(releases).hasSize(2);
    assertThat(releases.get(1))
        .startsWith("v1.2.0\t")
        .endsWith("\t" + SPREAD_SAVEPOINT + "\t" + RISK_SAVEPOINT);
  }

  @Test
  void rollbackAfterAnUpgradeResumesTheOldVersionFromItsOwnSavepoints() throws IOException {
    history(
        "v1.1.0\t2026-01-01T00:00:00Z\t\t\nv1.2.0\t2026-02-01T00:00:00Z\tfile:/sp/spread-left-by-v1.1.0\tfile:/sp/risk-left-by-v1.1.0\n");

    Tools.Result r = deploy(Map.of(), "--env=testing", "--mode=rolling", "--version=previous");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(dockerCalls())
        .anyMatch(
            c ->
                c.startsWith("compose")
                    && c.contains(
                        "flink run -m flink-jobmanager:8081 -d -s file:/sp/spread-left-by-v1.1.0 "))
        .anyMatch(
            c ->
                c.contains(
                    "flink run -m flink-jobmanager:8081 -d -s file:/sp/risk-left-by-v1.1.0 "))
        .noneMatch(c -> c.contains("migrations migrate"));
    List<String> releases = Files.readAllLines(state.resolve("releases.tsv"));
    assertThat(releases).hasSize(3);
    assertThat(releases.get(2))
        .startsWith("v1.1.0\t")
        .endsWith("\t" + SPREAD_SAVEPOINT + "\t" + RISK_SAVEPOINT);
  }

  @Test
  void anExecutorThatDoesNotDrainIsLeftRunningAndTheDeployStops() throws IOException {
    history("v1.1.0\t2026-01-01T00:00:00Z\t\t\n");

    Tools.Result r =
        deploy(
            Map.of("FAKE_IN_FLIGHT", "2.0", "DEEPALPHA_DRAIN_TIMEOUT_S", "2"),
            "--env=testing",
            "--mode=rolling",
            "--version=v1.2.0");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output())
        .contains("deploy-c5n: executor did not drain in 2s")
        .contains("step 6 failed");
    assertThat(dockerCalls())
        .noneMatch(c -> c.contains("stop -t 60 executor") || c.contains("up -d --no-deps"));
    assertThat(Files.readAllLines(state.resolve("releases.tsv"))).hasSize(1);
  }

  @Test
  void aFailingStepStopsTheDeployNamingItAndRecordsNothing() throws IOException {
    history("v1.1.0\t2026-01-01T00:00:00Z\t\t\n");

    Tools.Result r =
        deploy(
            Map.of("FAKE_DOCKER_FAIL", " pull "),
            "--env=testing",
            "--mode=rolling",
            "--version=v1.2.0");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output())
        .contains("deploy-c5n: step 2 failed: env DEEPALPHA_ENV=testing DEEPALPHA_VERSION=v1.2.0");
    assertThat(dockerCalls()).hasSize(1);
    assertThat(Files.readAllLines(state.resolve("releases.tsv"))).hasSize(1);
  }

  private Tools.Result deploy(Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("FAKE_DOCKER_LOG", bin.resolve("calls.log").toString());
    env.put("DEEPALPHA_SECRETS_DIR", secrets.toString());
    env.put("DEEPALPHA_STATE_DIR", state.toString());
    String[] argv = new String[args.length + 1];
    argv[0] = Repo.path("infra/deploy-c5n.sh").toString();
    System.arraycopy(args, 0, argv, 1, args.length);
    return Tools.run(Repo.ROOT, env, argv);
  }

  private void history(String lines) throws IOException {
    Files.writeString(state.resolve("releases.tsv"), lines);
  }

  private List<String> dockerCalls() throws IOException {
    Path log = bin.resolve("calls.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private static String compose(String rest) {
    return "compose -p deepalpha -f " + Repo.path("infra/compose/compose.yaml") + " " + rest;
  }

  private static String flinkCall(String rest) {
    return compose("run --rm --no-deps -T flink-jobmanager flink " + rest);
  }
}
