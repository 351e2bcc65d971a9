package io.deepalpha.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.ingest.connector.ConnectorSettings;
import io.deepalpha.ingest.connector.VenueConnector;
import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.simulator.SimulatorSettings;
import io.deepalpha.ingest.simulator.VenueSimulator;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.Adapters;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.ingest.venue.RegistryLookup;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import io.netty.channel.nio.NioEventLoopGroup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * The whole path: the simulator speaking five venues' formats → connectors → adapters → the Kafka
 * publisher → the real broker. Every event the adapters emitted is acknowledged by Kafka; the rate
 * is printed (it is paced by the simulator's market steps, not a maximum).
 */
@WithLocalStack
class SimulatorToKafkaIT {

  @Test
  void everyEventFromTheSimulatedVenuesIsAcknowledgedByKafka(StackEndpoints stack)
      throws Exception {
    InstrumentRegistry registry = InstrumentRegistry.loadDefault();
    String topic = "it.ingest.e2e." + System.nanoTime();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
    }
    IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
    List<String> instruments = List.of("BTC-USDT", "ETH-USDT", "SOL-USDT");
    NioEventLoopGroup group = new NioEventLoopGroup(1);
    List<VenueConnector> connectors = new ArrayList<>();
    AtomicLong emitted = new AtomicLong();
    long seconds = 10;
    try (VenueSimulator simulator =
            new VenueSimulator(
                SimulatorSettings.defaults().withStepInterval(Duration.ofMillis(1)),
                registry,
                instruments);
        KafkaPublisher publisher =
            new KafkaPublisher(
                PublisherSettings.defaults(stack.kafkaBootstrap()).withTopics(topic, topic, topic),
                metrics)) {
      simulator.start(0);
      EventSink counting = new CountingSink(publisher, emitted);
      for (Venue venue :
          List.of(Venue.BINANCE, Venue.OKX, Venue.BYBIT, Venue.COINBASE, Venue.KRAKEN)) {
        List<String> symbols =
            instruments.stream().map(i -> registry.venueSymbol(venue, i).orElseThrow()).toList();
        VenueConnector connector =
            new VenueConnector(
                simulator.endpoint(venue),
                Adapters.create(
                    venue,
                    new AdapterSettings(
                        new RegistryLookup(registry), Adapters.defaultQuoteSource(venue), false)),
                symbols,
                counting,
                ConnectorSettings.defaults(),
                metrics,
                group);
        connectors.add(connector);
        connector.start();
      }
      Thread.sleep(seconds * 1_000);
      connectors.forEach(VenueConnector::close);
      publisher.flush();
      double acked = metrics.acked.labelValues(topic).get();
      System.out.printf(
          "simulator -> ingest -> Kafka: %d events in %d s = %.0f events/s, "
              + "%d frames sent by the simulator%n",
          emitted.get(), seconds, emitted.get() / (double) seconds, simulator.framesSent());
      assertThat(emitted.get()).isGreaterThan(1_000);
      assertThat(acked).isEqualTo((double) emitted.get());
      assertThat(metrics.producerErrors.labelValues(topic).get()).isZero();
    } finally {
      group.shutdownGracefully().syncUninterruptibly();
    }
  }

  /** Counts what reaches the publisher; dead letters are counted too (all go to one topic). */
  private record CountingSink(EventSink next, AtomicLong count) implements EventSink {
    @Override
    public void onQuote(Quote quote) {
      count.incrementAndGet();
      next.onQuote(quote);
    }

    @Override
    public void onTrade(Trade trade) {
      count.incrementAndGet();
      next.onTrade(trade);
    }

    @Override
    public void onDeadLetter(DeadLetter deadLetter) {
      count.incrementAndGet();
      next.onDeadLetter(deadLetter);
    }
  }
}
