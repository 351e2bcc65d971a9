package io.deepalpha.executor.it;

import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.topic.Topic;
import io.deepalpha.model.topic.Topics;
import io.deepalpha.model.wire.RecordKeys;
import io.deepalpha.model.wire.WireCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics with a per-test suffix on the real broker, a producer and readers of the outputs. */
final class KafkaTestSupport implements AutoCloseable {
  final String bootstrap;
  final String suffix;
  final KafkaProducer<byte[], byte[]> producer;

  KafkaTestSupport(String bootstrap, String suffix) throws Exception {
    this.bootstrap = bootstrap;
    this.suffix = suffix;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> topics = new ArrayList<>();
      for (Topic t : Topics.all()) {
        topics.add(new NewTopic(t.name() + suffix, t.partitions(), (short) 1).configs(t.configs()));
      }
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
      awaitLeaders(admin, topics);
    }
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                "0"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /**
   * Waits until the broker's metadata lists every partition of the new topics with a leader:
   * createTopics returns when the controller has them, and on a loaded machine the broker's
   * metadata could trail by seconds (an executor started then could not find its topics).
   */
  private static void awaitLeaders(Admin admin, List<NewTopic> topics) throws Exception {
    List<String> names = topics.stream().map(NewTopic::name).toList();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      try {
        Map<String, TopicDescription> described =
            admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        boolean ready = described.size() == names.size();
        for (NewTopic t : topics) {
          TopicDescription d = described.get(t.name());
          ready &=
              d != null
                  && d.partitions().size() == t.numPartitions()
                  && d.partitions().stream().allMatch(p -> p.leader() != null);
        }
        if (ready) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("topics " + names + " have no leader after 120 s");
      }
      Thread.sleep(100);
    }
  }

  @SuppressWarnings("unchecked")
  <T extends SpecificRecord> void send(Topic topic, T record) throws Exception {
    WireCodec<T> codec = WireCodec.of((Class<T>) record.getClass());
    producer
        .send(
            new ProducerRecord<>(
                topic.name() + suffix, RecordKeys.keyBytesOf(record), codec.encode(record)))
        .get(30, TimeUnit.SECONDS);
  }

  /** Sends every record without waiting for each acknowledgement, then waits for all of them. */
  @SuppressWarnings("unchecked")
  <T extends SpecificRecord> void sendAll(Topic topic, List<T> records) throws Exception {
    List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
    for (T record : records) {
      WireCodec<T> codec = WireCodec.of((Class<T>) record.getClass());
      acks.add(
          producer.send(
              new ProducerRecord<>(
                  topic.name() + suffix, RecordKeys.keyBytesOf(record), codec.encode(record))));
    }
    for (java.util.concurrent.Future<?> ack : acks) {
      ack.get(60, TimeUnit.SECONDS);
    }
  }

  List<Order> orders(Predicate<List<Order>> until, Duration timeout) {
    return read(Topics.EXEC_ORDERS, Order.class, until, timeout);
  }

  List<Fill> fills(Predicate<List<Fill>> until, Duration timeout) {
    return read(Topics.EXEC_FILLS, Fill.class, until, timeout);
  }

  /** Reads the topic from the beginning until {@code until} holds or the timeout passes. */
  <T extends SpecificRecord> List<T> read(
      Topic topic, Class<T> type, Predicate<List<T>> until, Duration timeout) {
    WireCodec<T> codec = WireCodec.of(type);
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic.name() + suffix));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!until.test(out) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(codec.decode(r.value()));
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    producer.close();
  }
}
