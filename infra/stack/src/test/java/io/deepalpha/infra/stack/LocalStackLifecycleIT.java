package io.deepalpha.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The launcher's own contract, on a second stack in its own work directory: {@code up} makes all
 * three services ready, a second {@code up} keeps them (same processes), {@code down} leaves no
 * process.
 */
class LocalStackLifecycleIT {
  private static final Path WORK_DIR = Path.of("target/lifecycle-stack").toAbsolutePath();
  private static final LocalStack STACK = new LocalStack(StackSettings.anyPorts(WORK_DIR));

  @AfterAll
  static void stopEvenIfATestFailed() {
    STACK.down(line -> {});
  }

  @Test
  void upThenStatusShowsAllReadyAgainUpKeepsThemAndDownLeavesNoProcess() throws Exception {
    List<String> progress = new ArrayList<>();
    StackEndpoints endpoints = STACK.up(progress::add);

    Map<String, ServiceStatus> up = byName(STACK.status());
    assertThat(up.keySet()).containsExactlyInAnyOrder("kafka", "postgresql", "influxdb");
    assertThat(up.values())
        .allSatisfy(
            s -> {
              assertThat(s.state()).as(s.name()).isEqualTo(ServiceStatus.State.READY);
              assertThat(s.pid()).as(s.name() + " pid").isPositive();
              assertThat(s.rssBytes()).as(s.name() + " rss").isPositive();
            });
    assertThat(endpoints.kafkaBootstrap()).startsWith("127.0.0.1:");
    assertThat(Files.readString(STACK.settings().endpointsFile()))
        .contains("KAFKA_BOOTSTRAP_SERVERS='" + endpoints.kafkaBootstrap() + "'")
        .doesNotContain(endpoints.postgresPassword())
        .doesNotContain(endpoints.influxPassword());
    assertThat(progress).anyMatch(l -> l.startsWith("starting Kafka"));
    assertThat(filesContaining(endpoints.postgresPassword()))
        .as("files outside secrets/ holding the PostgreSQL password")
        .isEmpty();
    assertThat(filesContaining(endpoints.influxPassword()))
        .as("files outside secrets/ holding the InfluxDB password")
        .isEmpty();

    List<String> again = new ArrayList<>();
    STACK.up(again::add);
    Map<String, ServiceStatus> second = byName(STACK.status());
    assertThat(again).noneMatch(l -> l.startsWith("starting"));
    for (String name : up.keySet()) {
      assertThat(second.get(name).pid()).as(name + " kept").isEqualTo(up.get(name).pid());
    }

    List<String> left = STACK.down(line -> {});
    assertThat(left).isEmpty();
    for (ServiceStatus s : up.values()) {
      assertThat(ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false))
          .as(s.name() + " process gone")
          .isFalse();
    }
    assertThat(STACK.status())
        .allSatisfy(s -> assertThat(s.state()).isEqualTo(ServiceStatus.State.STOPPED));
  }

  /** Logs, configs, data: every file of the work directory but the secrets themselves. */
  private static List<Path> filesContaining(String secret) throws java.io.IOException {
    byte[] needle = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (var files = Files.walk(WORK_DIR)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.startsWith(WORK_DIR.resolve("secrets")))
          .filter(f -> contains(f, needle))
          .toList();
    }
  }

  private static boolean contains(Path file, byte[] needle) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      outer:
      for (int i = 0; i + needle.length <= bytes.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (bytes[i + j] != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    } catch (java.io.IOException e) {
      return false; // a file removed or locked by a running server while we walked
    }
  }

  private static Map<String, ServiceStatus> byName(List<ServiceStatus> all) {
    return all.stream().collect(Collectors.toMap(ServiceStatus::name, Function.identity()));
  }
}
