package io.deepalpha.executor.journal;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the journal's file system work off the executor thread: prepares the next segment ({@link
 * Journal#prepareNextSegment}), so that a roll only writes the snapshot and the marker, and faults
 * in the active segment's pages ahead of the writer ({@link Journal#faultAhead}), so that an append
 * never waits for the kernel to allocate a page. Its own daemon thread, looking every 10 ms (a look
 * is a few field reads) and working without a pause while there is work. A failed preparation is
 * logged once; the roll then creates the segment on the executor thread, as every roll did before,
 * and fails there (exit 4) if the disk has no room.
 */
public final class SegmentPreparer implements Agent {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentPreparer.class);
  private static final long IDLE_MS = 10;

  private final Journal journal;
  private String logged = "";

  SegmentPreparer(Journal journal) {
    this.journal = journal;
  }

  /** Starts a preparer for {@code journal}; close the runner before the journal. */
  public static AgentRunner start(Journal journal) {
    AgentRunner runner =
        new AgentRunner(
            new SleepingMillisIdleStrategy(IDLE_MS),
            e -> LOG.warn("journal preparer: {}", e.toString()),
            null,
            new SegmentPreparer(journal));
    AgentRunner.startOnThread(
        runner,
        r -> {
          Thread t = new Thread(r);
          t.setDaemon(true);
          return t;
        });
    return runner;
  }

  @Override
  public int doWork() {
    int work = journal.prepareNextSegment() ? 1 : 0;
    work += journal.faultAhead();
    String failure = journal.prepareFailure();
    if (!failure.equals(logged)) {
      logged = failure;
      if (!failure.isEmpty()) {
        LOG.warn("{}; the next roll creates the segment on the executor thread", failure);
      }
    }
    return work;
  }

  @Override
  public String roleName() {
    return "executor-journal-preparer";
  }
}
