package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every flink_* metric the dashboards and alert rules use, scraped from Flink's real Prometheus
 * reporter while a job reads the local stack's Kafka with watermarks and checkpoints.
 */
@WithLocalStack
class FlinkMetricsIT {
  private static final String TOPIC = "deploy-tests.flink-metrics";
  private static final Duration DEADLINE = Duration.ofSeconds(150);

  @Test
  void dashboardsAndAlertsNameMetricsFlinksReporterExports(StackEndpoints stack) throws Exception {
    Set<String> used = MetricNames.used("flink_");
    assertThat(used)
        .contains(
            "flink_taskmanager_job_task_operator_pendingRecords",
            "flink_jobmanager_job_numberOfCompletedCheckpoints");
    fillTopic(stack.kafkaBootstrap());
    int port = MetricNames.freePort();
    Configuration conf = new Configuration();
    conf.setString(
        "metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    conf.setString("metrics.reporter.prom.port", Integer.toString(port));
    conf.setString("restart-strategy.type", "none");
    conf.setString("pipeline.generic-types", "false");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    env.enableCheckpointing(500);
    KafkaSource<String> source =
        KafkaSource.<String>builder()
            .setBootstrapServers(stack.kafkaBootstrap())
            .setTopics(TOPIC)
            .setGroupId("deploy-tests-flink-metrics")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .build();
    env.fromSource(
            source,
            WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ofMillis(100))
                .withIdleness(Duration.ofSeconds(1)),
            "quotes")
        .uid("quotes")
        .keyBy(s -> s.substring(0, 1))
        .process(new CountingFunction())
        .uid("counting")
        .sinkTo(new DiscardingSink<>())
        .uid("discard");

    JobClient job = env.executeAsync("deepalpha spread");
    Set<String> missing = new TreeSet<>(used);
    String last = "";
    try {
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (!missing.isEmpty() && System.nanoTime() < deadline) {
        String body = MetricNames.scrape("http://127.0.0.1:" + port + "/metrics");
        if (body != null) {
          last = body;
          missing.removeAll(MetricNames.exported(body));
        }
        Thread.sleep(500);
      }
    } finally {
      job.cancel().get();
    }
    assertThat(missing)
        .as(
            "used by dashboards/rules but not exported by Flink; exported flink_ names: %s",
            MetricNames.exported(last))
        .isEmpty();
    // The reporter turns the job name "deepalpha spread" into the label value "deepalpha_spread".
    assertThat(last).contains("job_name=\"deepalpha_spread\"");
  }

  @Test
  void theJobsRegisterTheirMetricsOnTheOperatorGroupTheDashboardsRead() {
    // The names flink_taskmanager_job_task_operator_deepalpha_* are those of counters registered
    // with getRuntimeContext().getMetricGroup().counter(name) (proven above with the same call).
    String spread = Repo.read("jobs/src/main/java/io/deepalpha/jobs/spread/SpreadFunction.java");
    Pattern signals =
        Pattern.compile(
            "getRuntimeContext\\(\\)\\s*\\.getMetricGroup\\(\\)\\s*\\.counter\\(\"deepalpha_signals\"\\)");
    Pattern late =
        Pattern.compile(
            "getRuntimeContext\\(\\)\\s*\\.getMetricGroup\\(\\)\\s*\\.counter\\(\"deepalpha_late_events\"\\)");
    assertThat(signals.matcher(spread).find()).isTrue();
    assertThat(late.matcher(spread).find()).isTrue();
  }

  /** Registers counters the way the jobs do (SpreadFunction), so the reporter names them. */
  static final class CountingFunction extends KeyedProcessFunction<String, String, String> {
    private transient Counter signals;
    private transient Counter lateEvents;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
      signals = getRuntimeContext().getMetricGroup().counter("deepalpha_signals");
      lateEvents = getRuntimeContext().getMetricGroup().counter("deepalpha_late_events");
    }

    @Override
    public void processElement(String value, Context ctx, Collector<String> out) {
      signals.inc();
      if (value.endsWith("late")) {
        lateEvents.inc();
      }
      out.collect(value);
    }
  }

  private static void fillTopic(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      if (!admin.listTopics().names().get().contains(TOPIC)) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < 1000; i++) {
        producer.send(
            new ProducerRecord<>(TOPIC, "k" + (i % 10), "q" + i + (i % 100 == 0 ? "late" : "")));
      }
    }
  }
}
