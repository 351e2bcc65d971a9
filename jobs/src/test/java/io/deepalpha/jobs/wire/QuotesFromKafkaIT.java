package io.deepalpha.jobs.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.wire.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The version set of the parent pom working together on this machine: quotes written in the wire
 * format to the real broker are read back by a Flink job (KafkaSource, flink-connector-kafka
 * 5.0.0-2.2 on kafka-clients 4.2.0) on a MiniCluster.
 */
@WithLocalStack
class QuotesFromKafkaIT {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(flinkConfig())
              .build());

  private static Configuration flinkConfig() {
    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    config.set(PipelineOptions.GENERIC_TYPES, false);
    return config;
  }

  @Test
  void flinkKafkaSourceReadsEveryQuoteWrittenInTheWireFormat(StackEndpoints stack)
      throws Exception {
    String topic = "it.quotes." + System.nanoTime();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 2, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    List<Quote> written = new ArrayList<>();
    WireCodec<Quote> codec = WireCodec.of(Quote.class);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 1; i <= 50; i++) {
        Quote q =
            Fixtures.quote(
                i % 2 == 0 ? Venue.OKX : Venue.BINANCE, i, 432_500_000L + i, 432_510_000L);
        written.add(q);
        producer.send(new ProducerRecord<>(topic, q.getInstrument().getBytes(), codec.encode(q)));
      }
      producer.flush();
    }

    KafkaSource<Quote> source =
        KafkaSource.<Quote>builder()
            .setBootstrapServers(stack.kafkaBootstrap())
            .setTopics(topic)
            .setGroupId("it-" + topic)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setValueOnlyDeserializer(new WireDeserializationSchema<>(Quote.class))
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    List<Quote> read = new ArrayList<>();
    try (CloseableIterator<Quote> it =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "quotes")
            .uid("quotes-source")
            .executeAndCollect()) {
      it.forEachRemaining(read::add);
    }

    assertThat(read).containsExactlyInAnyOrderElementsOf(written);
  }
}
