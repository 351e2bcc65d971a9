package io.deepalpha.jobs.io;

import io.deepalpha.jobs.wire.WireSerializationSchema;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * Signals to {@code signals}, key = instrument, at-least-once. Not transactional on purpose: a
 * transactional sink makes its output readable only at checkpoints, which is seconds of latency on
 * a signal that is stale after 500 ms. Duplicates after a restart carry the same deterministic
 * signal id, and the executor drops them.
 */
public final class SignalKafkaSink {
  private SignalKafkaSink() {}

  public static KafkaSink<Signal> create(String bootstrap, String topic) {
    Properties producer = new Properties();
    producer.setProperty("linger.ms", "0");
    producer.setProperty("acks", "all");
    producer.setProperty("enable.idempotence", "true");
    return KafkaSink.<Signal>builder()
        .setBootstrapServers(bootstrap)
        .setKafkaProducerConfig(producer)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<Signal>builder()
                .setTopic(topic)
                .setKeySerializationSchema(new InstrumentKey())
                .setValueSerializationSchema(new WireSerializationSchema<>(Signal.class))
                .build())
        .build();
  }

  public static KafkaSink<Signal> create(String bootstrap) {
    return create(bootstrap, Topics.SIGNALS.name());
  }

  /** The contract's key of a signal: its instrument as UTF-8. */
  static final class InstrumentKey implements SerializationSchema<Signal> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(Signal signal) {
      return signal.getInstrument().getBytes(StandardCharsets.UTF_8);
    }
  }
}
