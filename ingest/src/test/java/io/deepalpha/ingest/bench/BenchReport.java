package io.deepalpha.ingest.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/** The figures every throughput benchmark prints: rates, latency percentiles, memory, CPU, load. */
final class BenchReport {

  private BenchReport() {}

  static String latency(String what, Histogram ns) {
    return String.format(
        "%s (ms): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (n=%,d)",
        what,
        ns.getValueAtPercentile(50) / 1e6,
        ns.getValueAtPercentile(90) / 1e6,
        ns.getValueAtPercentile(99) / 1e6,
        ns.getValueAtPercentile(99.9) / 1e6,
        ns.getMaxValue() / 1e6,
        ns.getTotalCount());
  }

  /** VmRSS and VmHWM (peak) of this JVM, from /proc. */
  static String memory() {
    try {
      String rss = "?";
      String peak = "?";
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = line.substring(6).trim();
        } else if (line.startsWith("VmHWM:")) {
          peak = line.substring(6).trim();
        }
      }
      return "RSS " + rss + " (peak " + peak + ")";
    } catch (IOException e) {
      return "RSS unknown (" + e + ")";
    }
  }

  /** CPU seconds this JVM has used so far. */
  static double cpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  /** CPU seconds (user + system) of another process, from /proc/PID/stat (100 ticks/s). */
  static double cpuSecondsOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** CPU this JVM used over a window, and the machine's load average. */
  static String cpu(double cpuS, long wallNs) {
    return String.format(
        "JVM CPU %.1f s over %.1f s wall (%.2f cores); load average %.2f on %d cores",
        cpuS,
        wallNs / 1e9,
        cpuS / (wallNs / 1e9),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
  }
}
