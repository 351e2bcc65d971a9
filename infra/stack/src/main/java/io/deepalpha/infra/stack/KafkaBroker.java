package io.deepalpha.infra.stack;

import io.deepalpha.model.topic.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker in KRaft combined mode (broker + controller), run as its own JVM on
 * the classpath that {@code infra/kafka-runtime} resolved from Maven Central.
 */
final class KafkaBroker {
  private static final String CLASSPATH_RESOURCE = "io/deepalpha/infra/kafka-runtime.classpath";

  private final Path dir;
  private final int port;
  private final int controllerPort;

  KafkaBroker(Path dir, int port, int controllerPort) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  String bootstrap() {
    return Ports.HOST + ":" + port;
  }

  Path log() {
    return dir.resolve("kafka.out");
  }

  DetachedProcess start() {
    String classpath = brokerClasspath();
    Path config = writeConfig();
    if (!Files.exists(dir.resolve("data/meta.properties"))) {
      format(classpath, config);
    }
    List<String> command = new ArrayList<>(javaCommand(classpath));
    command.add("kafka.Kafka");
    command.add(config.toString());
    return DetachedProcess.start(command, dir, log());
  }

  /** Waits until the broker answers metadata requests, then creates the contract's topics. */
  void awaitReadyAndCreateTopics(DetachedProcess process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        if (!process.running()) {
          throw new StackException(
              "Kafka exited during start; last lines of " + log() + ":\n" + logTail());
        }
        try {
          if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
            break;
          }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          // not ready yet
        }
        if (System.nanoTime() - deadline > 0) {
          throw new StackException(
              "Kafka not ready on " + bootstrap() + " after " + timeout + ":\n" + logTail());
        }
        Thread.sleep(200);
      }
      createTopics(admin);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while waiting for Kafka");
    }
  }

  boolean ready() {
    try (Admin admin = admin()) {
      return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  private void createTopics(Admin admin) throws InterruptedException {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          Topics.all().stream()
              .filter(t -> !existing.contains(t.name()))
              .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()))
              .collect(Collectors.toList());
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new StackException("cannot create topics on " + bootstrap() + ": " + e.getMessage());
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
  }

  private void format(String classpath, Path config) {
    List<String> command = new ArrayList<>(javaCommand(classpath));
    command.addAll(
        List.of(
            "kafka.tools.StorageTool",
            "format",
            "--cluster-id",
            Uuid.randomUuid().toString(),
            "--config",
            config.toString(),
            "--ignore-formatted"));
    Path formatLog = dir.resolve("format.out");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(formatLog.toFile())
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new StackException(
            "formatting Kafka storage failed:\n" + DetachedProcess.tail(formatLog, 30));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while formatting Kafka storage");
    }
  }

  private Path writeConfig() {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@" + Ports.HOST + ":" + controllerPort);
    p.setProperty(
        "listeners",
        "PLAINTEXT://"
            + Ports.HOST
            + ":"
            + port
            + ",CONTROLLER://"
            + Ports.HOST
            + ":"
            + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + Ports.HOST + ":" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("data").toString());
    // One node: internal topics must not wait for replicas that will never exist (transactional
    // producers hang otherwise).
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "3");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "3");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("num.partitions", "3");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("log.retention.hours", "168");
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "4");
    Path config = dir.resolve("server.properties");
    try {
      Files.createDirectories(dir);
      try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
        p.store(out, "written by the DeepAlpha stack launcher on every start");
      }
      Files.writeString(dir.resolve("log4j2.properties"), log4jConfig(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Kafka config in " + dir, e);
    }
    return config;
  }

  private String log4jConfig() {
    return String.join(
        "\n",
        "status = warn",
        "appender.file.type = File",
        "appender.file.name = file",
        "appender.file.fileName = " + dir.resolve("server.log"),
        "appender.file.layout.type = PatternLayout",
        "appender.file.layout.pattern = [%d] %p %m (%c)%n",
        "rootLogger.level = info",
        "rootLogger.appenderRef.file.ref = file",
        "logger.kafka.name = kafka",
        "logger.kafka.level = info",
        "logger.state.name = state.change.logger",
        "logger.state.level = warn",
        "");
  }

  private List<String> javaCommand(String classpath) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(
        java,
        "-Xms128m",
        "-Xmx512m",
        "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20",
        // GC pauses with wall-clock times, to line a latency outlier up with the broker's pauses.
        "-Xlog:gc:file=" + dir.resolve("gc.log") + ":time,uptime:filecount=3,filesize=10m",
        "-Djava.awt.headless=true",
        "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
        "-Ddeepalpha.stack=" + dir,
        "-cp",
        classpath);
  }

  private String logTail() {
    return DetachedProcess.tail(log(), 20)
        + "\n"
        + DetachedProcess.tail(dir.resolve("server.log"), 20);
  }

  /** The broker's jars, as resolved when infra/kafka-runtime was built. */
  static String brokerClasspath() {
    try (InputStream in =
        KafkaBroker.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new StackException(
            "Kafka broker classpath resource "
                + CLASSPATH_RESOURCE
                + " is missing: build infra/kafka-runtime (mvn -pl infra/stack -am package)");
      }
      String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      for (String jar : classpath.split(":")) {
        if (!Files.exists(Path.of(jar))) {
          throw new StackException(
              "Kafka broker jar "
                  + jar
                  + " is missing from the local Maven repository: rebuild infra/kafka-runtime");
        }
      }
      return classpath;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
