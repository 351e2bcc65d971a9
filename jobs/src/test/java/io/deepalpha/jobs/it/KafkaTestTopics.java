package io.deepalpha.jobs.it;

import io.deepalpha.model.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test topics on the real broker, written and read in the wire format. */
public final class KafkaTestTopics implements AutoCloseable {
  private final String bootstrap;
  private final KafkaProducer<byte[], byte[]> producer;

  public KafkaTestTopics(String bootstrap) {
    this.bootstrap = bootstrap;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                0),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /** Creates topics with one partition each, named {@code prefix.<nanos>.<suffix>}. */
  public String create(String name, int partitions) throws Exception {
    String topic = "it." + name + "." + System.nanoTime();
    createExactly(topic, partitions);
    return topic;
  }

  /** Creates a topic with exactly this name. */
  public void createExactly(String topic, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @SuppressWarnings("unchecked")
  public <T extends SpecificRecordBase> void send(String topic, String key, T record)
      throws Exception {
    WireCodec<T> codec = WireCodec.of((Class<T>) record.getClass());
    producer
        .send(
            new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), codec.encode(record)))
        .get(30, TimeUnit.SECONDS);
  }

  /** Everything on the topic from the beginning until {@code done} holds or the timeout passes. */
  public <T extends SpecificRecordBase> List<T> readUntil(
      String topic, Class<T> type, Predicate<List<T>> done, Duration timeout) {
    WireCodec<T> codec = WireCodec.of(type);
    List<T> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(records) && deadline - System.nanoTime() > 0) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          records.add(codec.decode(r.value()));
        }
      }
    }
    return records;
  }

  @Override
  public void close() {
    producer.close();
  }
}
