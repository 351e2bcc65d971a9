package io.deepalpha.jobs.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepalpha.jobs.late.LateEvent;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * A late event of the jobs as a {@code late_events} row. The source names the topic and the
 * operator that saw it late ({@code md.quotes/spread}, {@code md.trades/risk}): the same quote can
 * be late for one job and not for the other, and each is its own row. The key is the instrument,
 * the times come from the event (a replay writes the same row), the payload holds what identifies
 * the event beyond its key (venue, sequence, operator).
 */
public final class LateEventRows
    implements MapFunction<LateEvent, io.deepalpha.sinks.row.LateEvent> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public io.deepalpha.sinks.row.LateEvent map(LateEvent e) {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("operator", e.operator);
    payload.put("instrument", e.instrument);
    payload.put("venue", e.venue);
    payload.put("sequence", e.sequence);
    payload.put("eventTimeUs", e.eventTimeUs);
    payload.put("receiveTimeNs", e.receiveTimeNs);
    return new io.deepalpha.sinks.row.LateEvent(
        e.stream + '/' + e.operator,
        e.instrument,
        e.eventTimeUs,
        Math.multiplyExact(e.watermarkMs, 1_000L),
        e.receiveTimeNs,
        payload.toString());
  }
}
