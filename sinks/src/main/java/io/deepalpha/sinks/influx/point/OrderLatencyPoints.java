package io.deepalpha.sinks.influx.point;

import io.deepalpha.model.event.Order;
import io.deepalpha.sinks.influx.PointBuffer;
import io.deepalpha.sinks.influx.PointMapper;

/**
 * Measurement {@code order_latency}, the executor's part of the latency lineage, one point per
 * order status: tags {@code venue}, {@code instrument}, {@code status}, {@code mode}; integer
 * fields {@code signal_to_status_us} (this status's wall-clock time minus the signal's event time)
 * and {@code revision}; string field {@code client_order_id}. Timestamp: the status time (µs).
 */
public final class OrderLatencyPoints implements PointMapper<Order> {
  private static final long serialVersionUID = 1L;

  @Override
  public void write(Order o, PointBuffer out) {
    long statusUs = o.getEventTimeNs() / 1000;
    out.start("order_latency")
        .tag("instrument", o.getInstrument())
        .tag("mode", o.getMode().name())
        .tag("status", o.getStatus().name())
        .tag("venue", o.getVenue().name())
        .field("signal_to_status_us", statusUs - o.getSignalTimeUs())
        .field("revision", (long) o.getRevision())
        .field("client_order_id", o.getClientOrderId())
        .end(statusUs);
  }
}
