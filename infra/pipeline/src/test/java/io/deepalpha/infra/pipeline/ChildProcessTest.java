package io.deepalpha.infra.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service child never outlives its orchestrator, even one killed with SIGKILL, and a terminal's
 * Ctrl-C reaches the orchestrator only, which then stops its services in order.
 */
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

  /**
   * Ctrl-C in a terminal sends SIGINT to the whole foreground process group. Were the services in
   * it, each would stop on its own at once, racing the orchestrator's orderly stop (market first,
   * then let the jobs and the executor finish), and the run would fail with "simulator exited with
   * code 130". They run in sessions of their own: only the orchestrator gets the SIGINT, and its
   * shutdown hook stops them with SIGTERM.
   */
  @Test
  void ctrlCInTheTerminalReachesOnlyTheOrchestratorWhichStopsItsServicesWithSigterm()
      throws Exception {
    Path out = dir.resolve("service.out");
    Process orchestrator =
        new ProcessBuilder(
                "setsid", // its own session and process group, like a shell's foreground job
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CtrlCOrchestrator.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("orchestrator.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(Files.exists(dir.resolve("orchestrator.ready"))
              && Files.exists(out)
              && Files.readAllLines(out).contains("up"))
          && System.nanoTime() < deadline) {
        assertThat(orchestrator.isAlive())
            .as("orchestrator running; its log: %s", log(dir.resolve("orchestrator.log")))
            .isTrue();
        Thread.sleep(50);
      }
      long servicePid = Long.parseLong(Files.readString(dir.resolve("orchestrator.ready")));
      assertThat(processGroupOf(servicePid))
          .as("the service's process group")
          .isNotEqualTo(processGroupOf(orchestrator.pid()));

      // What the terminal does on Ctrl-C: SIGINT to every process of the foreground group.
      Process ctrlC =
          new ProcessBuilder("kill", "-INT", "--", "-" + orchestrator.pid())
              .redirectErrorStream(true)
              .start();
      assertThat(ctrlC.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ctrlC.exitValue()).as("kill -INT to the group").isZero();

      assertThat(orchestrator.waitFor(30, TimeUnit.SECONDS)).as("orchestrator stopped").isTrue();
      assertThat(orchestrator.exitValue()).as("the JVM's exit on SIGINT").isEqualTo(130);
      assertThat(Files.readAllLines(out))
          .as("signals the service got: only the orchestrator's SIGTERM")
          .containsExactly("up", "TERM");
    } finally {
      orchestrator.destroyForcibly();
    }
  }

  private static long processGroupOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // pid (comm) state ppid pgrp ...: comm may hold spaces, so count from its closing parenthesis
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(after[2]);
  }

  private static String log(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(none: " + e + ")";
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
