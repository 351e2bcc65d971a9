package io.deepalpha.ingest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads grouped by name prefix, so a benchmark that hosts several parts in
 * one JVM (simulator and ingest) can say which part used the CPU.
 */
final class ThreadCpu {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<String, String> groups;

  /** {@code groups}: thread-name prefix → group name; other threads count as "other". */
  ThreadCpu(Map<String, String> groups) {
    this.groups = groups;
  }

  /** CPU seconds per group so far (threads that ended are not counted). */
  Map<String, Double> snapshot() {
    Map<String, Double> seconds = new TreeMap<>();
    for (long id : threads.getAllThreadIds()) {
      ThreadInfo info = threads.getThreadInfo(id);
      long ns = threads.getThreadCpuTime(id);
      if (info == null || ns < 0) {
        continue;
      }
      seconds.merge(groupOf(info.getThreadName()), ns / 1e9, Double::sum);
    }
    return seconds;
  }

  private String groupOf(String thread) {
    for (Map.Entry<String, String> g : groups.entrySet()) {
      if (thread.startsWith(g.getKey())) {
        return g.getValue();
      }
    }
    return "other";
  }

  /** after - before, per group. */
  static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> d = new TreeMap<>();
    after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
    return d;
  }
}
