package io.deepalpha.infra.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One service of the pipeline running as a child JVM: output to its own log file, stopped with
 * SIGTERM (the services flush and close on it) and SIGKILL only after a grace period. Unlike the
 * stack's servers it is not detached: when the orchestrator dies, its children are stopped by the
 * shutdown hook, and a child left behind by a {@code kill -9} of the orchestrator is found again
 * through its pid file on the next run.
 */
final class ChildProcess {
  private final String name;
  private final Process process;
  private final Path log;
  private final Path pidFile;

  private ChildProcess(String name, Process process, Path log, Path pidFile) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.pidFile = pidFile;
  }

  static ChildProcess start(
      String name, List<String> command, Map<String, String> env, Path workingDir, Path runDir) {
    Path log = runDir.resolve("logs").resolve(name + ".log");
    Path pidFile = runDir.resolve("pids").resolve(name + ".pid");
    try {
      Files.createDirectories(log.getParent());
      Files.createDirectories(pidFile.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workingDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(env);
      Process process = builder.start();
      Files.writeString(pidFile, Long.toString(process.pid()));
      return new ChildProcess(name, process, log, pidFile);
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
