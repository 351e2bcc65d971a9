package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The images of infra/docker: multi-stage, non-root, health-checked, built from the sources. */
class DockerImagesTest {
  private static final List<String> IMAGES = List.of("ingest", "executor", "jobs", "migrations");
  private static final Pattern COPY_SOURCE = Pattern.compile("^(?:--\\S+\\s+)*(\\S+)\\s+\\S+$");

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "executor", "jobs", "migrations"})
  void everyImageBuildsWithMavenInAStageAndRunsWithoutIt(String image) {
    Dockerfile file = Dockerfile.read("infra/docker/" + image + ".Dockerfile");

    assertThat(file.stages()).hasSize(2);
    Dockerfile.Stage build = file.stages().get(0);
    assertThat(build.alias()).isEqualTo("build");
    assertThat(file.resolvedFrom(build)).startsWith("maven:3.9").contains("eclipse-temurin-17");
    assertThat(String.join(" ", build.args("RUN"))).contains("mvn -B -q -pl ").contains(" -am ");
    assertThat(file.runtime().args("COPY")).anyMatch(c -> c.startsWith("--from=build "));
    assertThat(file.resolvedFrom(file.runtime())).doesNotContain("maven");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "executor", "jobs", "migrations"})
  void everyImageRunsAsANumericNonRootUserAndHasAHealthCheck(String image) {
    Dockerfile.Stage runtime = Dockerfile.read("infra/docker/" + image + ".Dockerfile").runtime();

    List<String> users = runtime.args("USER");
    assertThat(users).hasSize(1);
    String uid = users.get(0).split(":")[0];
    assertThat(uid).as("numeric, so that Kubernetes can verify runAsNonRoot").matches("[0-9]+");
    assertThat(Integer.parseInt(uid)).isPositive();
    assertThat(runtime.args("HEALTHCHECK")).hasSize(1);
    assertThat(runtime.args("HEALTHCHECK").get(0)).contains("CMD");
  }

  @Test
  void serviceImagesRunOnTheTemurinJreAndCheckTheirOwnHealthEndpoint() {
    for (String image : List.of("ingest", "executor")) {
      Dockerfile file = Dockerfile.read("infra/docker/" + image + ".Dockerfile");
      assertThat(file.resolvedFrom(file.runtime()))
          .startsWith("eclipse-temurin:17")
          .contains("-jre");
    }
    assertThat(healthCheck("executor")).contains("\"8081\", \"/health\"");
    assertThat(healthCheck("ingest")).contains("\"9400\", \"/health\"");
    assertThat(healthCheck("jobs")).contains("\"8081\", \"/overview\"");
  }

  @Test
  void jobsImageIsTheOfficialFlinkImageWithTheJarInUsrlib() {
    Dockerfile file = Dockerfile.read("infra/docker/jobs.Dockerfile");

    assertThat(file.resolvedFrom(file.runtime())).startsWith("flink:2.2.0-").endsWith("-java17");
    assertThat(file.runtime().args("COPY"))
        .anyMatch(
            c ->
                c.startsWith("--from=build")
                    && c.endsWith(" /opt/flink/usrlib/deepalpha-jobs.jar"));
    assertThat(String.join(" ", file.stages().get(0).args("RUN"))).contains("-pl jobs -am");
  }

  @Test
  void jobsImageRunsOnAReadOnlyRootFileSystem() {
    Dockerfile.Stage runtime = Dockerfile.read("infra/docker/jobs.Dockerfile").runtime();
    String run = String.join(" ", runtime.args("RUN"));

    assertThat(run)
        .as("S3 plugin baked in: enabling it at start writes into plugins/")
        .contains("cp /opt/flink/opt/flink-s3-fs-presto-*.jar /opt/flink/plugins/s3-fs-presto/")
        .contains("cp -a /opt/flink/conf /opt/flink/conf.dist");
    assertThat(runtime.args("ENTRYPOINT"))
        .containsExactly("[\"/usr/local/bin/deepalpha-flink-entrypoint\"]");
  }

  @Test
  void flinkEntrypointFillsAnEmptyConfDirectoryAndPassesTheArgumentsOn(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path home) throws IOException {
    Files.createDirectories(home.resolve("conf.dist"));
    Files.writeString(home.resolve("conf.dist/config.yaml"), "taskmanager.numberOfTaskSlots: 1\n");
    Files.writeString(
        home.resolve("conf.dist/log4j-console.properties"), "rootLogger.level = INFO\n");
    Files.createDirectories(home.resolve("conf"));
    java.util.Map<String, String> env =
        java.util.Map.of("FLINK_HOME", home.toString(), "FLINK_OFFICIAL_ENTRYPOINT", "/bin/echo");

    Tools.Result first =
        Tools.run(
            home,
            env,
            Repo.path("infra/docker/flink-entrypoint.sh").toString(),
            "taskmanager",
            "-Dx=y");
    Files.writeString(home.resolve("conf/config.yaml"), "changed: at start\n");
    Tools.Result second =
        Tools.run(
            home, env, Repo.path("infra/docker/flink-entrypoint.sh").toString(), "jobmanager");

    assertThat(first.exitCode()).isZero();
    assertThat(first.output()).isEqualTo("taskmanager -Dx=y\n");
    assertThat(Files.readString(home.resolve("conf/log4j-console.properties")))
        .isEqualTo("rootLogger.level = INFO\n");
    assertThat(second.output()).isEqualTo("jobmanager\n");
    assertThat(Files.readString(home.resolve("conf/config.yaml")))
        .as("an existing config is never overwritten")
        .isEqualTo("changed: at start\n");
  }

  @Test
  void executorImageKeepsItsJournalOnAVolumeAndOpensTheJdkInternalsItNeeds() {
    Dockerfile.Stage runtime = Dockerfile.read("infra/docker/executor.Dockerfile").runtime();

    assertThat(runtime.args("VOLUME")).containsExactly("[\"/var/lib/deepalpha/executor\"]");
    assertThat(String.join(" ", runtime.args("ENV")))
        .contains("--add-exports java.base/jdk.internal.misc=ALL-UNNAMED");
    assertThat(String.join(" ", runtime.args("ENTRYPOINT")))
        .contains("io.deepalpha.executor.ExecutorMain");
  }

  @Test
  void everyFileCopiedFromTheBuildContextExists() {
    for (String image : IMAGES) {
      for (Dockerfile.Stage stage :
          Dockerfile.read("infra/docker/" + image + ".Dockerfile").stages()) {
        for (String copy : stage.args("COPY")) {
          if (copy.contains("--from=")) {
            continue;
          }
          Matcher m = COPY_SOURCE.matcher(copy);
          assertThat(m.matches()).as(copy).isTrue();
          assertThat(Files.exists(Repo.path(m.group(1)))).as(image + ": COPY " + copy).isTrue();
        }
      }
    }
  }

  @Test
  void dockerignoreKeepsBuildOutputStateAndSecretsOutOfTheContext() {
    List<String> ignored = Repo.read(".dockerignore").lines().map(String::strip).toList();

    assertThat(ignored).contains(".git", "**/target", "work", "infra/compose/secrets");
    assertThat(ignored).doesNotContain("configs", "infra/docker", "**/src");
  }

  @Test
  void healthCheckScriptIsHealthyOnlyOnA200() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/health", ex -> respond(ex, 200));
    server.createContext("/ready", ex -> respond(ex, 503));
    server.start();
    try {
      String port = Integer.toString(server.getAddress().getPort());
      String script = Repo.path("infra/docker/healthcheck.sh").toString();

      assertThat(Tools.run(Repo.ROOT, script, port, "/health").exitCode()).isZero();
      assertThat(Tools.run(Repo.ROOT, script, port, "/ready").exitCode()).isEqualTo(1);
      assertThat(Tools.run(Repo.ROOT, script, port, "/missing").exitCode()).isEqualTo(1);
    } finally {
      server.stop(0);
    }
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    assertThat(
            Tools.run(
                    Repo.ROOT,
                    Repo.path("infra/docker/healthcheck.sh").toString(),
                    Integer.toString(closedPort),
                    "/health")
                .exitCode())
        .isNotZero();
  }

  private static String healthCheck(String image) {
    return Dockerfile.read("infra/docker/" + image + ".Dockerfile")
        .runtime()
        .args("HEALTHCHECK")
        .get(0);
  }

  private static void respond(com.sun.net.httpserver.HttpExchange ex, int status)
      throws IOException {
    byte[] body = "x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }
}
