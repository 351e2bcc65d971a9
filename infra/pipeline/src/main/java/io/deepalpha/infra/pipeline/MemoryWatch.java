package io.deepalpha.infra.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The memory of the whole stack while the pipeline runs: every service process and its children
 * (PostgreSQL's backends included), as proportional set size where Linux reports it (shared pages
 * such as PostgreSQL's shared buffers counted once, not once per backend), else RSS. Keeps the
 * latest and the peak total.
 */
final class MemoryWatch {
  private final Supplier<List<Long>> stackPids;
  private volatile long latest;
  private volatile long peak;

  MemoryWatch(Supplier<List<Long>> stackPids) {
    this.stackPids = stackPids;
  }

  void sample(List<ChildProcess> children) {
    long total = 0;
    for (ChildProcess c : children) {
      if (c.alive()) {
        total += tree(c.pid());
      }
    }
    for (long pid : stackPids.get()) {
      total += tree(pid);
    }
    latest = total;
    peak = Math.max(peak, total);
  }

  long latestBytes() {
    return latest;
  }

  long peakBytes() {
    return peak;
  }

  private static long tree(long pid) {
    return ProcessHandle.of(pid)
        .map(h -> Stream.concat(Stream.of(h), h.descendants()))
        .orElseGet(Stream::empty)
        .mapToLong(h -> pss(h.pid()))
        .sum();
  }

  static long pss(long pid) {
    Path rollup = Path.of("/proc", Long.toString(pid), "smaps_rollup");
    try {
      for (String line : Files.readAllLines(rollup)) {
        if (line.startsWith("Pss:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException | SecurityException e) {
      // not readable (other user, kernel without smaps_rollup): fall back to RSS
    }
    return ChildProcess.rssOf(pid);
  }
}
