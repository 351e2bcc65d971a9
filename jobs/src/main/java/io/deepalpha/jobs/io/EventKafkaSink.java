package io.deepalpha.jobs.io;

import io.deepalpha.jobs.wire.WireSerializationSchema;
import io.deepalpha.model.wire.RecordKeys;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Events of the wire contract to a Kafka topic, keyed by the contract's key rule, at-least-once.
 * Not transactional on purpose: a transactional sink makes output readable only at checkpoints —
 * seconds of latency on signals that are stale after 500 ms, and on kill switches. Duplicates after
 * a restart carry the same deterministic ids (signals) or are idempotent (compacted risk.state), so
 * consumers are unaffected.
 *
 * <p>Records carry the producer's wall-clock timestamp, not the event time: the event time is in
 * the payload, and a Kafka timestamp in the past makes time-based retention delete the records at
 * its next check — a backtest replaying last month's quotes through the live jobs would lose its
 * signals before the executor and the sinks have read them.
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
        .setRecordSerializer(new ContractRecords<>(topic, type))
        .build();
  }

  /**
   * An event as a Kafka record: the contract's key (instrument, scope:key, ...), the wire format,
   * the partition from the key (Kafka's default partitioner), no timestamp (the producer's clock).
   */
  static final class ContractRecords<T extends SpecificRecordBase>
      implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final WireSerializationSchema<T> value;

    ContractRecords(String topic, Class<T> type) {
      this.topic = topic;
      this.value = new WireSerializationSchema<>(type);
    }

    @Override
    public void open(
        SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
      value.open(context);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        T element, KafkaSinkContext context, Long eventTimestamp) {
      return new ProducerRecord<>(
          topic, null, null, RecordKeys.keyBytesOf(element), value.serialize(element));
    }
  }
}
