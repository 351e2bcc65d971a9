package io.deepalpha.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.topic.Topics;
import io.deepalpha.model.wire.WireCodec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;

/** The three real services of the stack, each used the way the pipeline will use it. */
@WithLocalStack
class LocalStackIT {

  private static final long T0_US = 1_763_769_600_000_000L; // 2025-11-22T00:00:00Z

  @Test
  void quoteProducedToMdQuotesIsConsumedBackIdentical(StackEndpoints stack) throws Exception {
    WireCodec<Quote> codec = WireCodec.of(Quote.class);
    Quote quote =
        Quote.newBuilder()
            .setVenue(Venue.BINANCE)
            .setVenueSymbol("BTCUSDT")
            .setInstrument("BTC-USDT")
            .setExchangeTimeUs(T0_US)
            .setReceiveTimeNs(T0_US * 1000 + 412_345)
            .setConnectionId(7)
            .setSequence(42)
            .setPriceScale(4)
            .setSizeScale(8)
            .setBidPrice(432_511_200L)
            .setBidSize(150_000_000L)
            .setAskPrice(432_512_300L)
            .setAskSize(2_000_000L)
            .setTimeSource(TimeSource.RECEIVE)
            .build();

    RecordMetadata written;
    try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
      written =
          producer
              .send(
                  new ProducerRecord<>(
                      Topics.MD_QUOTES.name(), "BTC-USDT".getBytes(), codec.encode(quote)))
              .get(30, TimeUnit.SECONDS);
    }

    List<ConsumerRecord<byte[], byte[]>> read = consumeAll(stack, Topics.MD_QUOTES.name(), 1);
    ConsumerRecord<byte[], byte[]> record =
        read.stream()
            .filter(r -> r.partition() == written.partition() && r.offset() == written.offset())
            .findFirst()
            .orElseThrow();
    assertThat(new String(record.key())).isEqualTo("BTC-USDT");
    assertThat(codec.decode(record.value())).isEqualTo(quote);
  }

  @Test
  void everyContractTopicExistsWithItsPartitionsAndCleanupPolicy(StackEndpoints stack)
      throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
      List<String> names = Topics.all().stream().map(t -> t.name()).toList();
      Map<String, TopicDescription> described =
          admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      List<ConfigResource> resources =
          names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);

      for (var topic : Topics.all()) {
        assertThat(described.get(topic.name()).partitions())
            .as(topic.name() + " partitions")
            .hasSize(topic.partitions());
        String policy =
            configs
                .get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                .get("cleanup.policy")
                .value();
        assertThat(policy)
            .as(topic.name() + " cleanup.policy")
            .isEqualTo(topic.configs().getOrDefault("cleanup.policy", "delete"));
      }
      assertThat(
              configs
                  .get(new ConfigResource(ConfigResource.Type.TOPIC, "config.risk_limits"))
                  .get("cleanup.policy")
                  .value())
          .isEqualTo("compact");
    }
  }

  @Test
  void postgresStoresATableRowAndRunsWithLogicalWal(StackEndpoints stack) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                stack.postgresJdbcUrl(), stack.postgresUser(), stack.postgresPassword());
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS it_quote");
      st.execute(
          "CREATE TABLE it_quote (instrument text PRIMARY KEY, bid numeric(38,8) NOT NULL,"
              + " ts timestamptz NOT NULL)");
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO it_quote VALUES (?, ?, to_timestamp(?))")) {
        insert.setString(1, "ETH-USDT");
        insert.setBigDecimal(2, new java.math.BigDecimal("3021.45000001"));
        insert.setLong(3, 1_763_769_600L);
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }
      try (ResultSet rs =
          st.executeQuery("SELECT instrument, bid, extract(epoch from ts)::bigint FROM it_quote")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("ETH-USDT");
        assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("3021.45000001");
        assertThat(rs.getLong(3)).isEqualTo(1_763_769_600L);
        assertThat(rs.next()).isFalse();
      }
      try (ResultSet rs = st.executeQuery("SHOW wal_level")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("logical");
      }
      try (ResultSet rs =
          st.executeQuery("SELECT rolreplication FROM pg_roles WHERE rolname = current_user")) {
        rs.next();
        assertThat(rs.getBoolean(1)).as("app role may open a replication slot").isTrue();
      }
    }
  }

  @Test
  void influxStoresAPointAndAnswersInfluxQl(StackEndpoints stack) {
    try (InfluxDB influx =
        InfluxDBFactory.connect(stack.influxUrl(), stack.influxUser(), stack.influxPassword())) {
      String instrument = "IT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
      influx.write(
          stack.influxDatabase(),
          "autogen",
          Point.measurement("spread")
              .time(1_763_769_600_123L, TimeUnit.MILLISECONDS)
              .tag("instrument", instrument)
              .tag("pair", "BINANCE>OKX")
              .addField("net_bps", 3.25)
              .addField("qty", 0.015)
              .build());

      QueryResult result =
          influx.query(
              new Query(
                  "SELECT net_bps, qty FROM spread WHERE instrument = '" + instrument + "'",
                  stack.influxDatabase()),
              TimeUnit.MILLISECONDS);

      assertThat(result.hasError()).as(String.valueOf(result.getError())).isFalse();
      List<List<Object>> values = result.getResults().get(0).getSeries().get(0).getValues();
      assertThat(values).hasSize(1);
      assertThat(((Number) values.get(0).get(0)).longValue()).isEqualTo(1_763_769_600_123L);
      assertThat(values.get(0).get(1)).isEqualTo(3.25);
      assertThat(values.get(0).get(2)).isEqualTo(0.015);
    }
  }

  @Test
  void influxRefusesAClientWithoutCredentials(StackEndpoints stack) {
    try (InfluxDB influx = InfluxDBFactory.connect(stack.influxUrl())) {
      QueryResult result = influx.query(new Query("SHOW DATABASES"));
      assertThat(result.getError()).contains("authorization");
    } catch (org.influxdb.InfluxDBException e) {
      assertThat(e.getMessage()).containsIgnoringCase("auth");
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(StackEndpoints stack) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.kafkaBootstrap(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static List<ConsumerRecord<byte[], byte[]>> consumeAll(
      StackEndpoints stack, String topic, int atLeast) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.kafkaBootstrap(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < atLeast && System.nanoTime() - deadline < 0) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    return records;
  }
}
