package io.deepalpha.infra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server process that outlives the launcher: started in its own session ({@code setsid}) so a
 * Ctrl-C in the launcher's terminal does not reach it, with output appended to a log file under the
 * work directory. Identified by pid plus start time so that a recycled pid is never mistaken for
 * it.
 */
public record DetachedProcess(long pid, long startEpochMs) {

  /** Starts {@code command} detached; stdout and stderr go to {@code log}. */
  public static DetachedProcess start(List<String> command, Path workingDir, Path log) {
    List<String> full = new ArrayList<>();
    full.add("setsid");
    full.addAll(command);
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(full)
              .directory(workingDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      ProcessHandle handle = process.toHandle();
      long started = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
      return new DetachedProcess(handle.pid(), started);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
  }

  /** The live handle, if the process with this pid is still the one that was started. */
  public Optional<ProcessHandle> handle() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            h ->
                startEpochMs == 0
                    || h.info()
                        .startInstant()
                        .map(i -> Math.abs(i.toEpochMilli() - startEpochMs) < 2_000)
                        .orElse(true));
  }

  public boolean running() {
    return handle().isPresent();
  }

  /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. */
  public void stop(Duration grace) {
    Optional<ProcessHandle> handle = handle();
    if (handle.isEmpty()) {
      return;
    }
    ProcessHandle h = handle.get();
    h.destroy();
    try {
      h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      h.destroyForcibly();
      h.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Resident set size in bytes of the process and its descendants; 0 when unknown. */
  public static long rssBytes(long pid) {
    long total = rssOf(pid);
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isPresent()) {
      total += handle.get().descendants().mapToLong(d -> rssOf(d.pid())).sum();
    }
    return total;
  }

  private static long rssOf(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
          return Long.parseLong(kb) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** The last {@code lines} lines of a log file, for error messages. */
  public static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }
}
