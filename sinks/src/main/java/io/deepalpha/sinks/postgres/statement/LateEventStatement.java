package io.deepalpha.sinks.postgres.statement;

import io.deepalpha.sinks.row.LateEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** {@code late_events}, key (source, key, event_time, receive_time); payload stored as jsonb. */
public final class LateEventStatement extends UpsertStatement<LateEvent> {
  private static final long serialVersionUID = 1L;

  public LateEventStatement() {
    super(
        "late_events",
        List.of(
            "source",
            "key",
            "event_time",
            "receive_time",
            "watermark",
            "receive_time_ns",
            "payload"),
        List.of("source", "key", "event_time", "receive_time"),
        OnConflict.DO_NOTHING,
        Map.of("payload", "jsonb"));
  }

  @Override
  public void statement(PreparedStatement ps, LateEvent e) throws SQLException {
    ps.setString(1, e.getSource());
    ps.setString(2, e.getKey());
    ps.setObject(3, micros(e.getEventTimeUs()));
    ps.setObject(4, nanos(e.getReceiveTimeNs()));
    ps.setObject(5, micros(e.getWatermarkUs()));
    ps.setLong(6, e.getReceiveTimeNs());
    // No payload (a producer that keeps only the event's coordinates) is stored as JSON null.
    ps.setString(7, e.getPayloadJson() == null ? "null" : e.getPayloadJson());
  }
}
