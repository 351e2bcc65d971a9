package io.deepalpha.jobs.late;

/**
 * An event that arrived after the watermark had passed its event time (later than the allowed
 * out-of-orderness). Lateness policy: never dropped silently — it goes to this side output, is
 * counted ({@code deepalpha_late_events}), and (for quotes) still updates the venue's latest quote
 * if it is newer than the one held. A Flink POJO with what a sink stores.
 */
public class LateEvent {
  /** Topic or stream the event came from, e.g. {@code md.quotes}. */
  public String stream;

  /** Operator that saw it late, e.g. {@code spread}. */
  public String operator;

  public String instrument;
  public String venue;
  public long eventTimeUs;
  public long receiveTimeNs;
  public long sequence;

  /** Operator watermark when the event arrived, epoch milliseconds. */
  public long watermarkMs;

  public LateEvent() {}

  public static LateEvent of(
      String stream,
      String operator,
      String instrument,
      String venue,
      long eventTimeUs,
      long receiveTimeNs,
      long sequence,
      long watermarkMs) {
    LateEvent e = new LateEvent();
    e.stream = stream;
    e.operator = operator;
    e.instrument = instrument;
    e.venue = venue;
    e.eventTimeUs = eventTimeUs;
    e.receiveTimeNs = receiveTimeNs;
    e.sequence = sequence;
    e.watermarkMs = watermarkMs;
    return e;
  }

  @Override
  public String toString() {
    return stream
        + '/'
        + operator
        + ' '
        + instrument
        + ' '
        + venue
        + " t="
        + eventTimeUs
        + " wm="
        + watermarkMs;
  }
}
