package io.deepalpha.sinks.row;

import java.util.Objects;

/**
 * An event that arrived behind the watermark and was routed to a side output instead of being
 * dropped. Stored in {@code late_events}, natural key (source, key, eventTimeUs, receiveTimeNs):
 * the same late event replayed writes the same row.
 *
 * <p>A Flink POJO (public no-arg constructor, getters and setters) for {@code
 * pipeline.generic-types=false}.
 */
public class LateEvent {
  private String source;
  private String key;
  private long eventTimeUs;
  private long watermarkUs;
  private long receiveTimeNs;
  private String payloadJson;

  public LateEvent() {}

  public LateEvent(
      String source,
      String key,
      long eventTimeUs,
      long watermarkUs,
      long receiveTimeNs,
      String payloadJson) {
    this.source = source;
    this.key = key;
    this.eventTimeUs = eventTimeUs;
    this.watermarkUs = watermarkUs;
    this.receiveTimeNs = receiveTimeNs;
    this.payloadJson = payloadJson;
  }

  /** Where the event came from: the topic ({@code md.quotes}) or the operator that saw it late. */
  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  /** The event's key on its topic (the instrument for market data). */
  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  /** Event time of the late event, epoch microseconds. */
  public long getEventTimeUs() {
    return eventTimeUs;
  }

  public void setEventTimeUs(long eventTimeUs) {
    this.eventTimeUs = eventTimeUs;
  }

  /** The operator's watermark when the event arrived, epoch microseconds. */
  public long getWatermarkUs() {
    return watermarkUs;
  }

  public void setWatermarkUs(long watermarkUs) {
    this.watermarkUs = watermarkUs;
  }

  /** Ingest receive time of the event, epoch nanoseconds (from the event, so replays agree). */
  public long getReceiveTimeNs() {
    return receiveTimeNs;
  }

  public void setReceiveTimeNs(long receiveTimeNs) {
    this.receiveTimeNs = receiveTimeNs;
  }

  /**
   * The whole event as one JSON line ({@code io.deepalpha.model.json.JsonLines.toLine}); may be
   * null, stored as JSON {@code null}.
   */
  public String getPayloadJson() {
    return payloadJson;
  }

  public void setPayloadJson(String payloadJson) {
    this.payloadJson = payloadJson;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LateEvent e)) {
      return false;
    }
    return eventTimeUs == e.eventTimeUs
        && watermarkUs == e.watermarkUs
        && receiveTimeNs == e.receiveTimeNs
        && Objects.equals(source, e.source)
        && Objects.equals(key, e.key)
        && Objects.equals(payloadJson, e.payloadJson);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, key, eventTimeUs, receiveTimeNs);
  }

  @Override
  public String toString() {
    return "LateEvent{"
        + source
        + " key="
        + key
        + " eventTimeUs="
        + eventTimeUs
        + " watermarkUs="
        + watermarkUs
        + " receiveTimeNs="
        + receiveTimeNs
        + "}";
  }
}
