package io.deepalpha.executor.risk;

/** The newest event time the executor has seen on signals and quotes, epoch microseconds. */
public final class EventClock {
  private long maxEventUs = Long.MIN_VALUE;

  public void observe(long eventUs) {
    if (eventUs > maxEventUs) {
      maxEventUs = eventUs;
    }
  }

  public long nowUs() {
    return maxEventUs;
  }
}
