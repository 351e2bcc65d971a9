package io.deepalpha.sinks.influx;

import java.io.Serializable;

/**
 * Turns a record into InfluxDB points. Each Flink subtask has its own instance (the sink is
 * deserialized per subtask), so an implementation may keep state such as a sampler's pending point.
 */
public interface PointMapper<T> extends Serializable {

  /** Appends zero or more points for the record. */
  void write(T record, PointBuffer out);

  /**
   * Appends what is held back (a sampler's current interval) without forgetting it; called before
   * every checkpoint and on the flush timer. Writing it again later overwrites the same point.
   */
  default void flushPending(PointBuffer out) {}
}
