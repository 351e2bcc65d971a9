package io.deepalpha.infra.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.topic.Topics;
import io.deepalpha.model.wire.WireCodecs;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The tap on the real broker: its latency figures over the whole run and after the warm-up. */
@WithLocalStack
class TapIT {
  private static final Duration WARM_UP = Duration.ofSeconds(2);

  @Test
  void latencyAfterTheWarmUpLeavesOutWhatCameBeforeIt(StackEndpoints endpoints) throws Exception {
    try (Tap tap = new Tap(endpoints.kafkaBootstrap(), WARM_UP, true).start();
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
      // A quote received 5 s before it reaches the tap (a service still warming up) ...
      send(producer, quote(1, Clock.epochNanos() - 5_000_000_000L));
      await(() -> tap.snapshot().quotes() == 1);
      Thread.sleep(WARM_UP.toMillis() + 200);
      // ... and, after the warm-up, one received 50 ms before.
      send(producer, quote(2, Clock.epochNanos() - 50_000_000L));
      await(() -> tap.snapshot().quotes() == 2);

      Tap.Snapshot snapshot = tap.snapshot();
      Histogram all = snapshot.hops().get(Tap.Hop.INGEST_TO_KAFKA);
      Histogram steady = snapshot.hopsAfterWarmUp().get(Tap.Hop.INGEST_TO_KAFKA);
      assertThat(all.getTotalCount()).isEqualTo(2);
      assertThat(all.getMaxValue()).as("µs, the first quote").isGreaterThanOrEqualTo(5_000_000L);
      assertThat(steady.getTotalCount()).as("only the quote after the warm-up").isEqualTo(1);
      assertThat(steady.getMinValue()).as("µs").isGreaterThanOrEqualTo(50_000L);
      assertThat(steady.getMaxValue()).as("µs").isLessThan(5_000_000L);
      assertThat(snapshot.hops().get(Tap.Hop.VENUE_TO_INGEST).getTotalCount())
          .as("receive-time quotes have no venue hop")
          .isZero();
    }
  }

  private static Quote quote(long sequence, long receiveNs) {
    return Quote.newBuilder()
        .setVenue(Venue.BINANCE)
        .setVenueSymbol("BTCUSDT")
        .setInstrument("BTC-USDT")
        .setExchangeTimeUs(receiveNs / 1_000)
        .setReceiveTimeNs(receiveNs)
        .setConnectionId(42)
        .setSequence(sequence)
        .setPriceScale(2)
        .setSizeScale(8)
        .setBidPrice(4_325_112L)
        .setBidSize(150_000_000L)
        .setAskPrice(4_325_123L)
        .setAskSize(23_456_789L)
        .setTimeSource(TimeSource.RECEIVE)
        .build();
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, Quote quote) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                Topics.MD_QUOTES.name(),
                quote.getInstrument().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                WireCodecs.quote().encode(quote)))
        .get();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waited 30 s").isNegative();
      Thread.sleep(20);
    }
  }
}
