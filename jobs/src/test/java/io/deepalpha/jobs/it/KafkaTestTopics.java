package io.deepalpha.jobs.it;

import io.deepalpha.model.topic.Topic;
import io.deepalpha.model.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
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
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test topics on the real broker, written and read in the wire format. */
public final class KafkaTestTopics implements AutoCloseable {
  private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(60);
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

  /**
   * Everything on the topic from the beginning until {@code done} holds, or until the timeout has
   * passed and every record that was on the topic when the call began has been read (a fresh
   * consumer can take a while to fetch on a loaded machine: that must not shorten the read).
   */
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
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      long giveUp = deadline + CATCH_UP_LIMIT.toNanos();
      while (!done.test(records)) {
        long now = System.nanoTime();
        if (now - deadline > 0 && caughtUp(consumer, end)) {
          break;
        }
        if (now - giveUp > 0) {
          throw new IllegalStateException(
              "could not read " + topic + " up to " + end + " within " + CATCH_UP_LIMIT);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          records.add(codec.decode(r.value()));
        }
      }
    }
    return records;
  }

  /** Everything on the topic now: what a finished writer wrote. */
  public <T extends SpecificRecordBase> List<T> readToEnd(String topic, Class<T> type) {
    return readUntil(topic, type, l -> false, Duration.ZERO);
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Contract topics that the live commands read under fixed names, emptied for a test whose
   * expectations assume nothing else on them: on a stack of its own the topics are deleted and
   * created again (with the contract's partitions and configs, as the stack creates them); on an
   * external stack ({@code DEEPALPHA_STACK_ENV}) they are left alone and must already be empty.
   */
  public void emptyContractTopics(List<Topic> topics) throws Exception {
    String external = System.getenv("DEEPALPHA_STACK_ENV");
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      if (external == null || external.isBlank()) {
        recreate(admin, topics);
      }
    }
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      for (Topic topic : topics) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(topic.name(), p.partition()))
                .toList();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
          if (!end.get(tp).equals(begin.get(tp))) {
            throw new IllegalStateException(
                tp + " holds records that would change the test's expectations");
          }
        }
      }
    }
  }

  private static void recreate(Admin admin, List<Topic> topics) throws Exception {
    Set<String> names = topics.stream().map(Topic::name).collect(Collectors.toSet());
    Set<String> present = new HashSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
    present.retainAll(names);
    if (!present.isEmpty()) {
      admin.deleteTopics(present).all().get(30, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Topic topic : topics) {
      NewTopic spec =
          new NewTopic(topic.name(), topic.partitions(), (short) 1).configs(topic.configs());
      while (true) {
        try {
          admin.createTopics(List.of(spec)).all().get(30, TimeUnit.SECONDS);
          break;
        } catch (ExecutionException e) {
          // A deleted topic's name stays taken until the controller has removed it.
          if (!(e.getCause() instanceof TopicExistsException) || deadline - System.nanoTime() < 0) {
            throw e;
          }
          Thread.sleep(200);
        }
      }
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
