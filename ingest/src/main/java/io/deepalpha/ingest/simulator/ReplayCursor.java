package io.deepalpha.ingest.simulator;

import io.deepalpha.ingest.recording.RecordedFrame;
import java.util.List;

/**
 * Walks a venue's recorded frames on the simulator clock: a frame recorded at {@code t} is due at
 * {@code start + (t - t0) / speed}; every venue shares {@code start} and {@code t0}, so several
 * venues replay in sync. A client that connects late gets what is already due at once.
 */
final class ReplayCursor {
  private final List<RecordedFrame> frames;
  private final long startNs;
  private final long t0Ns;
  private final double speed;
  private int next;

  ReplayCursor(List<RecordedFrame> frames, long startNs, long t0Ns, double speed) {
    this.frames = frames;
    this.startNs = startNs;
    this.t0Ns = t0Ns;
    this.speed = speed;
  }

  void due(long nowNs, List<String> out) {
    while (next < frames.size()) {
      RecordedFrame frame = frames.get(next);
      long dueNs = startNs + (long) ((frame.timeNs() - t0Ns) / speed);
      if (nowNs - dueNs < 0) {
        return;
      }
      if (frame.kind() == RecordedFrame.Kind.RECEIVE) {
        out.add(frame.text()); // REST answers in the recording are served by SimRestHandler
      }
      next++;
    }
  }
}
