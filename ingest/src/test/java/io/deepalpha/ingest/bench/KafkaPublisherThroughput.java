package io.deepalpha.ingest.bench;

import io.deepalpha.ingest.kafka.KafkaPublisher;
import io.deepalpha.ingest.kafka.PublisherSettings;
import io.deepalpha.ingest.metrics.IngestMetrics;
import io.deepalpha.ingest.time.WallClock;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.TimeSource;
import io.deepalpha.model.event.Venue;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How many normalized events per second the real {@link KafkaPublisher} (idempotent, acks=all, lz4,
 * linger 5 ms) gets acknowledged by a real broker: one thread publishes synthetic quotes as fast as
 * the producer takes them (or at --rate), and the figures count acknowledgements, not sends. Not a
 * test; run it by hand (module README, "Measured figures"):
 *
 * <pre>
 * mvn -q -pl ingest test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   "-Dexec.args=-cp %classpath io.deepalpha.ingest.bench.KafkaPublisherThroughput --seconds 20"
 * </pre>
 */
@Command(
    name = "kafka-publisher-throughput",
    mixinStandardHelpOptions = true,
    description = "Synthetic quotes through KafkaPublisher into a real broker; acked events/s.")
public final class KafkaPublisherThroughput implements Callable<Integer> {
  private static final String[] INSTRUMENTS = {
    "BTC-USDT", "ETH-USDT", "BTC-USD", "ETH-USD", "SOL-USDT", "XRP-USDT"
  };

  @Option(names = "--kafka", description = "Bootstrap servers (default: a stack of its own).")
  String kafka;

  @Option(names = "--seconds", defaultValue = "20", description = "Measured seconds.")
  int seconds;

  @Option(names = "--warmup-seconds", defaultValue = "5", description = "Warm-up seconds.")
  int warmupSeconds;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Events/s to offer (0 = as fast as the producer takes them).")
  long rate;

  public static void main(String[] args) {
    System.exit(new CommandLine(new KafkaPublisherThroughput()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try (BenchBroker broker = new BenchBroker(kafka, "bench.publisher")) {
      IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
      Recorder latencies = new Recorder(3);
      PublisherSettings settings =
          PublisherSettings.defaults(broker.bootstrap)
              .withTopics(broker.topic, broker.topic, broker.topic);
      try (KafkaPublisher publisher = new KafkaPublisher(settings, metrics)) {
        publisher.onAckLatency(latencies::recordValue);
        Quote quote = sampleQuote();
        long sequence = publish(publisher, quote, 0, warmupSeconds);
        publisher.flush();
        latencies.reset();

        double acked0 = acked(metrics, broker.topic);
        double cpu0 = BenchReport.cpuSeconds();
        double broker0 = broker.brokerCpuSeconds();
        long t0 = System.nanoTime();
        long sent = publish(publisher, quote, sequence, seconds) - sequence;
        long sendNs = System.nanoTime() - t0;
        publisher.flush(); // the window ends when everything sent is acknowledged
        long windowNs = System.nanoTime() - t0;
        double ackedEvents = acked(metrics, broker.topic) - acked0;
        double cpu = BenchReport.cpuSeconds() - cpu0;
        double brokerCpu = broker.brokerCpuSeconds() - broker0;
        Histogram latency = latencies.getIntervalHistogram();

        System.out.printf(
            "KafkaPublisher -> %s (6 partitions), %s offered, %d s:%n",
            broker.topic, rate == 0 ? "as fast as possible" : rate + " events/s", seconds);
        System.out.printf(
            "  sent   %,.0f events/s (%,d in %.1f s)%n", sent / (sendNs / 1e9), sent, sendNs / 1e9);
        System.out.printf(
            "  acked  %,.0f events/s (%,.0f acknowledged in %.1f s incl. drain)%n",
            ackedEvents / (windowNs / 1e9), ackedEvents, windowNs / 1e9);
        System.out.println("  " + BenchReport.latency("send -> ack", latency));
        System.out.println("  producer errors " + errors(metrics, broker.topic));
        System.out.println("  " + BenchReport.memory());
        System.out.println("  " + BenchReport.cpu(cpu, windowNs));
        System.out.printf(
            "  broker CPU %.1f s (%.2f cores), broker RSS %s%n",
            brokerCpu, brokerCpu / (windowNs / 1e9), broker.brokerRss());
      }
    }
    return 0;
  }

  /** Publishes until {@code seconds} passed; returns the last sequence number used. */
  private long publish(KafkaPublisher publisher, Quote quote, long sequence, int seconds) {
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long first = sequence;
    while (true) {
      for (int i = 0; i < 1024; i++) {
        sequence++;
        quote.setSequence(sequence);
        quote.setInstrument(INSTRUMENTS[(int) (sequence % INSTRUMENTS.length)]);
        quote.setReceiveTimeNs(WallClock.epochNanos());
        publisher.onQuote(quote);
      }
      long now = System.nanoTime();
      if (now - end >= 0) {
        return sequence;
      }
      if (rate > 0) {
        long dueNs = (long) ((sequence - first) * 1e9 / rate);
        long aheadNs = dueNs - (now - start);
        if (aheadNs > 0) {
          LockSupport.parkNanos(aheadNs);
        }
      }
    }
  }

  private static double acked(IngestMetrics metrics, String topic) {
    return metrics.acked.labelValues(topic).get();
  }

  private static double errors(IngestMetrics metrics, String topic) {
    return metrics.producerErrors.labelValues(topic).get();
  }

  private static Quote sampleQuote() {
    return Quote.newBuilder()
        .setVenue(Venue.OKX)
        .setVenueSymbol("BTC-USDT")
        .setInstrument("BTC-USDT")
        .setExchangeTimeUs(WallClock.epochNanos() / 1000)
        .setReceiveTimeNs(0)
        .setConnectionId(7)
        .setSequence(0)
        .setPriceScale(4)
        .setSizeScale(8)
        .setBidPrice(432511200L)
        .setBidSize(150000000L)
        .setAskPrice(432512300L)
        .setAskSize(23456789L)
        .setTimeSource(TimeSource.EXCHANGE)
        .build();
  }
}
