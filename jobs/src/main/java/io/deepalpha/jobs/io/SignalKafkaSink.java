package io.deepalpha.jobs.io;

import io.deepalpha.model.event.Signal;
import io.deepalpha.model.topic.Topics;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** Signals to {@code signals} (key = instrument), at-least-once; see {@link EventKafkaSink}. */
public final class SignalKafkaSink {
  private SignalKafkaSink() {}

  public static KafkaSink<Signal> create(String bootstrap, String topic) {
    return EventKafkaSink.create(bootstrap, topic, Signal.class);
  }

  public static KafkaSink<Signal> create(String bootstrap) {
    return create(bootstrap, Topics.SIGNALS.name());
  }
}
