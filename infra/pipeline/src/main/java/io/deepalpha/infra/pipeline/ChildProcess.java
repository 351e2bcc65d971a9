package io.deepalpha.infra.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One service of the pipeline running as a child JVM: output to its own log file, stopped with
 * SIGTERM (the services flush and close on it) and SIGKILL only after a grace period. Unlike the
 * stack's servers it is not detached: when the orchestrator stops, its shutdown hook stops its
 * children; when it is killed ({@code kill -9}, no hook), a watchdog started next to each child
 * ({@code tail --pid} on the orchestrator, then SIGTERM and SIGKILL to the child) stops it within
 * about a second, so no service is left running on its own (and a pid file still lets the next run
 * find one). Children and watchdogs run in sessions of their own ({@code setsid}), so a terminal's
 * Ctrl-C reaches the orchestrator only, and the orchestrator stops them in order.
 */
final class ChildProcess {
  private final String name;
  private final Process process;
  private final Path log;
  private final Path pidFile;
  private final Process watchdog;

  /** What the watchdog runs: waits for the orchestrator ($1), then stops the child ($2). */
  private static final String WATCHDOG =
      "tail --pid=\"$1\" -f /dev/null 2>/dev/null; kill -0 \"$2\" 2>/dev/null || exit 0;"
          + " kill -TERM \"$2\"; i=0;"
          + " while kill -0 \"$2\" 2>/dev/null && [ $i -lt 20 ]; do sleep 1; i=$((i+1)); done;"
          + " kill -KILL \"$2\" 2>/dev/null; exit 0";

  private ChildProcess(String name, Process process, Path log, Path pidFile, Process watchdog) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.pidFile = pidFile;
    this.watchdog = watchdog;
  }

  static ChildProcess start(
      String name, List<String> command, Map<String, String> env, Path workingDir, Path runDir) {
    return start(name, command, env, workingDir, runDir, ProcessHandle.current().pid());
  }

  /** Starts the child, watched by a watchdog that stops it when process {@code ownerPid} ends. */
  static ChildProcess start(
      String name,
      List<String> command,
      Map<String, String> env,
      Path workingDir,
      Path runDir,
      long ownerPid) {
    Path log = runDir.resolve("logs").resolve(name + ".log");
    Path pidFile = runDir.resolve("pids").resolve(name + ".pid");
    try {
      Files.createDirectories(log.getParent());
      Files.createDirectories(pidFile.getParent());
      // Each in a session of its own (setsid execs the command in place: same pid): Ctrl-C in a
      // terminal signals the whole foreground process group, and the services must not stop on
      // their own, racing the orchestrator's orderly stop (market first, then let the jobs and
      // the executor finish). Neither may the watchdog, which must outlive the orchestrator.
      List<String> detached = new ArrayList<>(command.size() + 1);
      detached.add("setsid");
      detached.addAll(command);
      ProcessBuilder builder =
          new ProcessBuilder(detached)
              .directory(workingDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(env);
      Process process = builder.start();
      Files.writeString(pidFile, Long.toString(process.pid()));
      Process watchdog =
          new ProcessBuilder(
                  "setsid",
                  "sh",
                  "-c",
                  WATCHDOG,
                  "deepalpha-watchdog-" + name,
                  Long.toString(ownerPid),
                  Long.toString(process.pid()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      return new ChildProcess(name, process, log, pidFile, watchdog);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
    }
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  boolean watchdogAlive() {
    return watchdog.isAlive();
  }

  /** The exit code if it has exited. */
  Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /** SIGTERM, then SIGKILL after {@code grace}; also any process this one started. */
  void stop(Duration grace) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    watchdog.descendants().forEach(ProcessHandle::destroyForcibly);
    watchdog.destroyForcibly();
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      // a stale pid file is checked against the live process before use
    }
  }

  /** Resident memory of one process in bytes (Linux), 0 when unknown. */
  static long rssOf(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** The last {@code lines} lines of the log, for error messages. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
