package io.deepalpha.jobs.io;

import io.deepalpha.jobs.wire.WireSerializationSchema;
import io.deepalpha.model.wire.RecordKeys;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * Events of the wire contract to a Kafka topic, keyed by the contract's key rule, at-least-once.
 * Not transactional on purpose: a transactional sink makes output readable only at checkpoints —
 * seconds of latency on signals that are stale after 500 ms, and on kill switches. Duplicates after
 * a restart carry the same deterministic ids (signals) or are idempotent (compacted risk.state), so
 * consumers are unaffected.
 */
public final class EventKafkaSink {
  private EventKafkaSink() {}

  public static <T extends SpecificRecordBase> KafkaSink<T> create(
      String bootstrap, String topic, Class<T> type) {
    Properties producer = new Properties();
    producer.setProperty("linger.ms", "0");
    producer.setProperty("acks", "all");
    producer.setProperty("enable.idempotence", "true");
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrap)
        .setKafkaProducerConfig(producer)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setKeySerializationSchema(new ContractKey<T>())
                .setValueSerializationSchema(new WireSerializationSchema<>(type))
                .build())
        .build();
  }

  /** The contract's Kafka key of an event (instrument, scope:key, ...). */
  static final class ContractKey<T extends SpecificRecordBase> implements SerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(T record) {
      return RecordKeys.keyBytesOf(record);
    }
  }
}
