package io.deepalpha.infra.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service child never outlives its orchestrator, even one killed with SIGKILL. */
class ChildProcessTest {
  @TempDir Path dir;

  @Test
  void childIsStoppedWhenItsOrchestratorIsKilled() throws Exception {
    // A stand-in orchestrator we can kill -9 (the test JVM must survive).
    Process orchestrator = new ProcessBuilder("sleep", "300").start();
    ChildProcess child =
        ChildProcess.start(
            "service", List.of("sleep", "300"), Map.of(), dir, dir, orchestrator.pid());
    try {
      Thread.sleep(1_500); // the watchdog is waiting on the orchestrator
      assertThat(child.alive()).isTrue();
      assertThat(child.watchdogAlive()).isTrue();

      orchestrator.destroyForcibly(); // SIGKILL: no shutdown hook runs
      orchestrator.waitFor(10, TimeUnit.SECONDS);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (child.alive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(child.alive()).as("child alive 15 s after its orchestrator was killed").isFalse();
      assertThat(child.exitCode()).contains(143); // SIGTERM, not SIGKILL: it could clean up
    } finally {
      child.stop(Duration.ofSeconds(1));
      orchestrator.destroyForcibly();
    }
  }

  @Test
  void normalStopEndsTheChildAndItsWatchdog() throws Exception {
    ChildProcess child = ChildProcess.start("service", List.of("sleep", "300"), Map.of(), dir, dir);
    child.stop(Duration.ofSeconds(5));

    assertThat(child.alive()).isFalse();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (child.watchdogAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(child.watchdogAlive()).isFalse();
  }
}
