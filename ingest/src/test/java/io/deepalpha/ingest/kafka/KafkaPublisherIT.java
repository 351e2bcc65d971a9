package io.deepalpha.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.LocalStack;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.Adapters;
import io.deepalpha.ingest.venue.QuoteSource;
import io.deepalpha.ingest.venue.RegistryLookup;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import io.deepalpha.model.topic.Topics;
import io.deepalpha.model.wire.WireCodecs;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

@WithLocalStack
class KafkaPublisherIT {
  private static final long T0 = 1_718_000_000_124_956_789L;

  @Test
  void quotesTradesAndDeadLettersArriveOnTheContractTopicsWithTheirValues(StackEndpoints stack)
      throws Exception {
    long connectionId = ThreadLocalRandom.current().nextLong();
    VenueAdapter binance =
        Adapters.create(
            Venue.BINANCE,
            new AdapterSettings(
                new RegistryLookup(InstrumentRegistry.loadDefault()), QuoteSource.TICKER, false));
    binance.onConnect(connectionId);
    byte[] malformed =
        "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":1,".getBytes(StandardCharsets.UTF_8);
    IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
    try (KafkaPublisher publisher =
        new KafkaPublisher(PublisherSettings.defaults(stack.kafkaBootstrap()), metrics)) {
      binance.onFrame(
          bytes(
              "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":1,\"s\":"
                  + "\"BTCUSDT\",\"b\":\"43251.12\",\"B\":\"1.5\",\"a\":\"43251.23\",\"A\":\"0.23456789\"}}"),
          T0,
          publisher);
      binance.onFrame(
          bytes(
              "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":"
                  + "1718000000120,\"s\":\"BTCUSDT\",\"a\":665076760,\"p\":\"43251.20\",\"q\":\"0.086205\","
                  + "\"f\":1,\"l\":1,\"T\":1718000000119,\"m\":true,\"M\":true}}"),
          T0 + 1,
          publisher);
      binance.onFrame(malformed, T0 + 2, publisher);
      publisher.flush();
    }

    List<ConsumerRecord<byte[], byte[]>> quotes = readAll(stack, Topics.MD_QUOTES.name());
    List<Quote> ours =
        quotes.stream()
            .map(
                r ->
                    Map.entry(
                        new String(r.key(), StandardCharsets.UTF_8),
                        WireCodecs.quote().decode(r.value())))
            .filter(e -> e.getValue().getConnectionId() == connectionId)
            .peek(e -> assertThat(e.getKey()).isEqualTo("BTC-USDT"))
            .map(Map.Entry::getValue)
            .toList();
    assertThat(ours)
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.getVenue()).isEqualTo(Venue.BINANCE);
              assertThat(q.getBidPrice()).isEqualTo(432511200L);
              assertThat(q.getBidSize()).isEqualTo(150000000L);
              assertThat(q.getAskPrice()).isEqualTo(432512300L);
              assertThat(q.getAskSize()).isEqualTo(23456789L);
              assertThat(q.getReceiveTimeNs()).isEqualTo(T0);
              assertThat(q.getTimeSource()).isEqualTo(TimeSource.RECEIVE);
              assertThat(q.getSequence()).isEqualTo(1);
            });
    List<Trade> trades =
        readAll(stack, Topics.MD_TRADES.name()).stream()
            .map(r -> WireCodecs.trade().decode(r.value()))
            .filter(t -> t.getConnectionId() == connectionId)
            .toList();
    assertThat(trades)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getTradeId()).isEqualTo("665076760");
              assertThat(t.getPrice()).isEqualTo(432512000L);
              assertThat(t.getSize()).isEqualTo(8620500L);
              assertThat(t.getTakerSide()).isEqualTo(Side.SELL);
              assertThat(t.getExchangeTimeUs()).isEqualTo(1718000000119000L);
              assertThat(t.getSequence()).isEqualTo(2);
            });
    List<ConsumerRecord<byte[], byte[]>> dead = readAll(stack, Topics.MD_DEADLETTER.name());
    List<DeadLetter> ourDead =
        dead.stream()
            .map(r -> WireCodecs.deadLetter().decode(r.value()))
            .filter(d -> d.getConnectionId() == connectionId)
            .toList();
    assertThat(ourDead)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getSource()).isEqualTo("BINANCE");
              assertThat(d.getStage()).isEqualTo("decode");
              assertThat(d.getReason()).startsWith("malformed JSON");
              assertThat(d.getReceiveTimeNs()).isEqualTo(T0 + 2);
              assertThat(StandardCharsets.UTF_8.decode(d.getRaw()).toString())
                  .isEqualTo(new String(malformed, StandardCharsets.UTF_8));
            });
    assertThat(metrics.acked.labelValues(Topics.MD_QUOTES.name()).get()).isEqualTo(1.0);
  }

  @Test
  void everySequenceNumberReachesKafkaAcrossABrokerRestartUnderLoad(
      StackEndpoints endpoints, LocalStack stack) throws Exception {
    String topic = "it.ingest.restart." + System.nanoTime();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    long connectionId = 99;
    int total = 200_000;
    IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
    PublisherSettings settings =
        PublisherSettings.defaults(endpoints.kafkaBootstrap()).withTopics(topic, topic, topic);
    // The outage runs on its own clock, so a producer that blocked instead of buffering would
    // still see the broker come back (and the test would show it by taking longer, not hanging).
    Thread outage =
        new Thread(
            () -> {
              try {
                Thread.sleep(1_500);
                stack.stop(LocalStack.Service.KAFKA);
                Thread.sleep(3_000);
                stack.up(line -> {});
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "kafka-outage");
    try (KafkaPublisher publisher = new KafkaPublisher(settings, metrics)) {
      Quote quote = sampleQuote(connectionId);
      outage.start();
      for (int seq = 1; seq <= total; seq++) {
        quote.setSequence(seq);
        quote.setInstrument(seq % 2 == 0 ? "BTC-USDT" : "ETH-USDT");
        publisher.onQuote(quote);
        if (seq % 50 == 0) {
          Thread.sleep(1); // ~50 events/ms for ~8 s: load across the whole outage
        }
      }
      outage.join();
      publisher.flush();
    }
    assertThat(metrics.producerErrors.labelValues(topic).get())
        .as("records failed for good (resends by error: %s)", resendsByError(metrics))
        .isZero();

    TreeSet<Long> sequences = new TreeSet<>();
    int records = 0;
    for (ConsumerRecord<byte[], byte[]> r : readAll(endpoints, topic)) {
      sequences.add(WireCodecs.quote().decode(r.value()).getSequence());
      records++;
    }
    assertThat(sequences).hasSize(total);
    assertThat(sequences.first()).isEqualTo(1L);
    assertThat(sequences.last()).isEqualTo((long) total);
    assertThat(records).as("idempotent producer: no duplicates").isEqualTo(total);
  }

  private static String resendsByError(IngestMetrics metrics) {
    return metrics.resends.collect().getDataPoints().stream()
        .map(d -> d.getLabels() + "=" + d.getValue())
        .toList()
        .toString();
  }

  private static Quote sampleQuote(long connectionId) {
    return Quote.newBuilder()
        .setVenue(Venue.OKX)
        .setVenueSymbol("BTC-USDT")
        .setInstrument("BTC-USDT")
        .setExchangeTimeUs(T0 / 1000)
        .setReceiveTimeNs(T0)
        .setConnectionId(connectionId)
        .setSequence(0)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBidPrice(432511200L)
        .setBidSize(1)
        .setAskPrice(432512300L)
        .setAskSize(1)
        .setTimeSource(TimeSource.EXCHANGE)
        .build();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Everything in the topic now, from the beginning of every partition. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(StackEndpoints stack, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("could not read " + topic + " to its end in 60 s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
