package io.deepalpha.ingest.bench;

import io.deepalpha.infra.stack.LocalStack;
import io.deepalpha.infra.stack.ServiceStatus;
import io.deepalpha.infra.stack.StackSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The Kafka broker of a throughput benchmark: the one given with --kafka, or a local stack of its
 * own in target/bench-stack (real KRaft broker as a separate process, like the tests'), and a fresh
 * 6-partition topic (as md.quotes) that is deleted afterwards.
 */
final class BenchBroker implements AutoCloseable {
  final String bootstrap;
  final String topic;
  private final LocalStack owned;

  BenchBroker(String kafka, String topicPrefix) throws Exception {
    if (kafka == null) {
      owned = new LocalStack(StackSettings.anyPorts(Path.of("target", "bench-stack")));
      bootstrap = owned.up(line -> System.err.println("[bench-stack] " + line)).kafkaBootstrap();
    } else {
      owned = null;
      bootstrap = kafka;
    }
    topic = topicPrefix + "." + System.currentTimeMillis();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
    }
  }

  /** CPU seconds the broker process used so far (NaN for a broker given with --kafka). */
  double brokerCpuSeconds() {
    if (owned == null) {
      return Double.NaN;
    }
    for (ServiceStatus service : owned.status()) {
      if (service.name().toLowerCase(Locale.ROOT).contains("kafka") && service.pid() > 0) {
        return BenchReport.cpuSecondsOf(service.pid());
      }
    }
    return Double.NaN;
  }

  /** The broker's RSS (kB in the text), or "?" for a broker given with --kafka. */
  String brokerRss() {
    if (owned == null) {
      return "?";
    }
    return owned.status().stream()
        .filter(s -> s.name().toLowerCase(Locale.ROOT).contains("kafka"))
        .map(s -> s.rssBytes() / (1024 * 1024) + " MB")
        .findFirst()
        .orElse("?");
  }

  @Override
  public void close() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.deleteTopics(List.of(topic)).all().get();
    } finally {
      if (owned != null) {
        owned.down(line -> System.err.println("[bench-stack] " + line));
      }
    }
  }
}
