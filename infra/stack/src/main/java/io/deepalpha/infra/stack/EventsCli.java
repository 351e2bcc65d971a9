package io.deepalpha.infra.stack;

import io.deepalpha.model.EventType;
import io.deepalpha.model.json.JsonLines;
import io.deepalpha.model.kafka.Brokers;
import io.deepalpha.model.topic.Topic;
import io.deepalpha.model.topic.Topics;
import io.deepalpha.model.wire.WireCodec;
import io.deepalpha.model.wire.WireFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code events tail|publish}: the contract's topics as JSON lines, for people and scripts. {@code
 * tail} decodes the binary wire format; {@code publish} encodes JSON lines into it.
 */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Reads and writes DeepAlpha's Kafka topics as JSON lines.",
    subcommands = {EventsCli.Tail.class, EventsCli.Publish.class})
public final class EventsCli implements Callable<Integer> {

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  static String defaultBootstrap() {
    String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    if (env != null && !env.isBlank()) {
      return env;
    }
    Path endpoints = LocalStack.defaultWorkDir().resolve("endpoints.env");
    return Files.exists(endpoints)
        ? StackEndpoints.read(endpoints).kafkaBootstrap()
        : "127.0.0.1:9092";
  }

  /** How long a command waits for a broker to answer before it stops, naming the address. */
  static final Duration BROKER_WAIT = Duration.ofSeconds(5);

  /**
   * Stops at once with a message naming {@code bootstrap} and what to do when no broker answers
   * there, instead of waiting out the client's own timeouts (30–60 s, no output).
   */
  static void requireBroker(String bootstrap) {
    if (Brokers.unreachable(bootstrap, BROKER_WAIT).isPresent()) {
      throw new IllegalStateException(
          "no Kafka broker answers at "
              + bootstrap
              + " within "
              + BROKER_WAIT.toSeconds()
              + " s: start the local stack (bin/deepalpha stack up), or pass --bootstrap or set"
              + " KAFKA_BOOTSTRAP_SERVERS");
    }
  }

  static Topic topic(String name) {
    return Topics.byName(name)
        .orElseThrow(
            () ->
                new CommandLine.ParameterException(
                    new CommandLine(new EventsCli()),
                    "unknown topic '"
                        + name
                        + "'; the contract's topics are: "
                        + Topics.all().stream()
                            .map(Topic::name)
                            .collect(Collectors.joining(", "))));
  }

  @Command(
      name = "tail",
      mixinStandardHelpOptions = true,
      description = "Prints the events of a topic as JSON lines (one object per line, on stdout).")
  static final class Tail implements Callable<Integer> {
    @Parameters(paramLabel = "TOPIC", description = "e.g. md.quotes, signals, exec.orders")
    String topicName;

    @Option(
        names = "--bootstrap",
        description =
            "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS, else the local stack's).")
    String bootstrap;

    @Option(
        names = "--from-beginning",
        description = "Start at the oldest event (default: only new events).")
    boolean fromBeginning;

    @Option(names = "--max", description = "Stop after this many events.")
    long max = Long.MAX_VALUE;

    @Option(
        names = "--idle-exit",
        description = "Stop after this many seconds without an event (default: never).")
    long idleExitSeconds;

    @Override
    public Integer call() {
      Topic topic = topic(topicName);
      WireCodec<? extends SpecificRecord> codec = WireCodec.of(topic.eventType());
      String servers = bootstrap != null ? bootstrap : defaultBootstrap();
      requireBroker(servers);
      Map<String, Object> config =
          Map.of(
              ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
              servers,
              ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
              false);
      long printed = 0;
      long undecodable = 0;
      PrintStream out = System.out;
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        if (fromBeginning) {
          consumer.seekToBeginning(partitions);
        } else {
          consumer.seekToEnd(partitions);
        }
        long lastEvent = System.nanoTime();
        while (printed < max) {
          Iterator<ConsumerRecord<byte[], byte[]>> records =
              consumer.poll(Duration.ofMillis(200)).iterator();
          if (!records.hasNext()
              && idleExitSeconds > 0
              && System.nanoTime() - lastEvent > TimeUnit.SECONDS.toNanos(idleExitSeconds)) {
            break;
          }
          while (records.hasNext() && printed < max) {
            ConsumerRecord<byte[], byte[]> record = records.next();
            lastEvent = System.nanoTime();
            if (record.value() == null) {
              continue; // tombstone on a compacted topic
            }
            try {
              out.println(JsonLines.toLine(codec.decode(record.value())));
              printed++;
            } catch (WireFormatException e) {
              undecodable++;
              System.err.printf(
                  "%s-%d@%d: %s%n",
                  record.topic(), record.partition(), record.offset(), e.getMessage());
            }
          }
          out.flush();
        }
      }
      return undecodable == 0 ? 0 : 1;
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description =
          "Publishes JSON lines (as 'events tail' prints them) to a topic in the binary wire format,"
              + " keyed as the contract says.")
  static final class Publish implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TOPIC")
    String topicName;

    @Parameters(
        index = "1",
        paramLabel = "FILE",
        arity = "0..1",
        description = "JSON lines file (default: stdin).")
    Path file;

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: as for tail).")
    String bootstrap;

    @Override
    public Integer call() throws IOException {
      Topic topic = topic(topicName);
      String servers = bootstrap != null ? bootstrap : defaultBootstrap();
      requireBroker(servers);
      Map<String, Object> config =
          Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
              servers,
              ProducerConfig.ACKS_CONFIG,
              "all",
              ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
              true);
      long sent = 0;
      AtomicLong failed = new AtomicLong();
      AtomicReference<Exception> firstFailure = new AtomicReference<>();
      try (BufferedReader in =
              file != null
                  ? Files.newBufferedReader(file, StandardCharsets.UTF_8)
                  : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
          KafkaProducer<byte[], byte[]> producer =
              new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
        Encoder<?> encoder = new Encoder<>(topic, topic.eventType());
        Iterator<SpecificRecord> records = JsonLines.read(in).iterator();
        while (records.hasNext()) {
          producer.send(
              encoder.record(records.next()),
              (metadata, error) -> {
                if (error != null) {
                  failed.incrementAndGet();
                  firstFailure.compareAndSet(null, error);
                }
              });
          sent++;
        }
        producer.flush();
      }
      if (failed.get() > 0) {
        // Never "published" for what the broker did not take.
        System.err.println(
            "error: "
                + failed.get()
                + " of "
                + sent
                + " events were not published to "
                + topic.name()
                + ": "
                + firstFailure.get());
        return 1;
      }
      System.err.println("published " + sent + " events to " + topic.name());
      return 0;
    }
  }

  /** Encodes records of one topic's event type, with the contract's key. */
  private static final class Encoder<T extends SpecificRecord> {
    private final Topic topic;
    private final EventType<T> type;
    private final WireCodec<T> codec;

    Encoder(Topic topic, EventType<T> type) {
      this.topic = topic;
      this.type = type;
      this.codec = WireCodec.of(type);
    }

    ProducerRecord<byte[], byte[]> record(SpecificRecord record) {
      if (!type.recordClass().isInstance(record)) {
        throw new IllegalArgumentException(
            topic.name()
                + " carries "
                + type.jsonName()
                + " events, not "
                + record.getSchema().getName());
      }
      T typed = type.recordClass().cast(record);
      return new ProducerRecord<>(
          topic.name(), type.keyOf(typed).getBytes(StandardCharsets.UTF_8), codec.encode(typed));
    }
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its error handling: a message and exit 2, no stack trace. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new EventsCli());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + e.getMessage());
          return 2;
        });
    return cli;
  }
}
