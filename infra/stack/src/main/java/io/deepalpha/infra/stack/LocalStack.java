package io.deepalpha.infra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The real services of DeepAlpha on one machine, as processes under one work directory: Kafka
 * (KRaft), PostgreSQL 15 and InfluxDB, on loopback. {@link #up} is idempotent: what already runs
 * and answers is kept, what is missing is started. {@link #down} stops everything and checks that
 * no process is left.
 */
public final class LocalStack {
  private final StackSettings settings;

  public LocalStack(StackSettings settings) {
    this.settings = settings;
  }

  public StackSettings settings() {
    return settings;
  }

  /** Starts what is not running, waits until every service is ready, returns the endpoints. */
  @SuppressWarnings("try")
  public StackEndpoints up(Consumer<String> progress) {
    try (WorkDirLock lock = lockWorkDir()) {
      Optional<StackState> previous = StackState.read(settings.stateFile());
      StackState state = choosePorts(previous);
      state.write(settings.stateFile());
      Services s = services(state);
      Duration timeout = settings.startTimeout();
      List<Runnable> undo = new ArrayList<>();
      try {
        DetachedProcess kafka = previous.map(StackState::kafka).orElse(null);
        boolean startKafka = kafka == null || !kafka.running() || !s.kafka.ready();
        if (startKafka) {
          stopIfRunning(kafka);
          requireFree("Kafka", state.kafkaPort(), state.controllerPort());
          progress.accept("starting Kafka (KRaft) on " + s.kafka.bootstrap());
          kafka = s.kafka.start();
          DetachedProcess started = kafka;
          undo.add(() -> started.stop(Duration.ofSeconds(20)));
        }
        state = state.withKafka(kafka);
        state.write(settings.stateFile());

        DetachedProcess influx = previous.map(StackState::influx).orElse(null);
        boolean startInflux = influx == null || !influx.running() || !s.influx.ready();
        if (startInflux) {
          stopIfRunning(influx);
          requireFree("InfluxDB", state.influxPort(), state.influxRpcPort());
          progress.accept("starting InfluxDB on " + s.influx.url());
          influx = s.influx.start();
          DetachedProcess started = influx;
          undo.add(() -> started.stop(Duration.ofSeconds(10)));
        }
        state = state.withInflux(influx);
        state.write(settings.stateFile());

        if (s.postgres.pid().isEmpty() || !s.postgres.ready()) {
          if (s.postgres.pid().isEmpty()) {
            requireFree("PostgreSQL", state.postgresPort());
          }
          progress.accept("starting PostgreSQL on " + s.postgres.jdbcUrl());
          s.postgres.start(timeout);
          undo.add(s.postgres::stop);
        }
        s.influx.awaitReadyAndCreateDatabase(influx, timeout);
        progress.accept("InfluxDB ready");
        s.kafka.awaitReadyAndCreateTopics(kafka, timeout);
        progress.accept("Kafka ready, topics created");
      } catch (RuntimeException e) {
        progress.accept("start failed, stopping what this run started");
        undo.forEach(Runnable::run);
        throw e;
      }
      StackEndpoints endpoints = endpoints(s);
      endpoints.write(settings.endpointsFile());
      return endpoints;
    }
  }

  /** Stops every service and any stray process of this work directory. */
  @SuppressWarnings("try")
  public List<String> down(Consumer<String> progress) {
    try (WorkDirLock lock = lockWorkDir()) {
      Optional<StackState> state = StackState.read(settings.stateFile());
      if (state.isPresent()) {
        Services s = services(state.get());
        progress.accept("stopping Kafka");
        stopIfRunning(state.get().kafka());
        progress.accept("stopping InfluxDB");
        stopIfRunning(state.get().influx());
        progress.accept("stopping PostgreSQL");
        s.postgres.stop();
      }
      sweepStrays(progress);
      return leftovers().stream()
          .map(h -> h.pid() + " " + h.info().commandLine().orElse("?"))
          .collect(Collectors.toList());
    }
  }

  /**
   * Stops one service and leaves the others running, for outage tests; {@link #up} starts it again
   * on the same port with its data intact.
   */
  @SuppressWarnings("try")
  public void stop(Service service) {
    try (WorkDirLock lock = lockWorkDir()) {
      StackState state =
          StackState.read(settings.stateFile())
              .orElseThrow(() -> new StackException("no stack in " + settings.workDir()));
      switch (service) {
        case KAFKA -> stopIfRunning(state.kafka());
        case INFLUXDB -> stopIfRunning(state.influx());
        case POSTGRESQL -> services(state).postgres.stop();
      }
    }
  }

  /** The services {@link #stop(Service)} can take down one at a time. */
  public enum Service {
    KAFKA,
    POSTGRESQL,
    INFLUXDB
  }

  /** One line per service: state, pid, memory, endpoint. */
  public List<ServiceStatus> status() {
    Optional<StackState> state = StackState.read(settings.stateFile());
    if (state.isEmpty()) {
      return List.of(
          ServiceStatus.stopped("kafka"),
          ServiceStatus.stopped("postgresql"),
          ServiceStatus.stopped("influxdb"));
    }
    Services s = services(state.get());
    List<ServiceStatus> result = new ArrayList<>();
    DetachedProcess kafka = state.get().kafka();
    result.add(
        ServiceStatus.of(
            "kafka",
            kafka != null && kafka.running() ? kafka.pid() : 0,
            s.kafka::ready,
            s.kafka.bootstrap()
                + " (KRaft, controller "
                + Ports.HOST
                + ":"
                + state.get().controllerPort()
                + ")"));
    result.add(
        ServiceStatus.of(
            "postgresql",
            s.postgres.pid().orElse(0L),
            s.postgres::ready,
            s.postgres.jdbcUrl()
                + " (user "
                + StackEndpoints.USER
                + ", password in "
                + s.postgres.appPasswordFile()
                + ")"));
    DetachedProcess influx = state.get().influx();
    result.add(
        ServiceStatus.of(
            "influxdb",
            influx != null && influx.running() ? influx.pid() : 0,
            s.influx::ready,
            s.influx.url()
                + " (db "
                + StackEndpoints.DATABASE
                + ", user "
                + StackEndpoints.USER
                + ", password in "
                + s.influx.passwordFile()
                + ")"));
    return result;
  }

  /** The endpoints of the stack recorded in this work directory. */
  public Optional<StackEndpoints> endpoints() {
    return StackState.read(settings.stateFile()).map(st -> endpoints(services(st)));
  }

  private StackEndpoints endpoints(Services s) {
    return new StackEndpoints(
        s.kafka.bootstrap(),
        s.postgres.jdbcUrl(),
        StackEndpoints.USER,
        s.postgres.appPasswordFile(),
        s.influx.url(),
        StackEndpoints.DATABASE,
        StackEndpoints.USER,
        s.influx.passwordFile());
  }

  private record Services(KafkaBroker kafka, PostgresServer postgres, InfluxServer influx) {}

  private Services services(StackState state) {
    return new Services(
        new KafkaBroker(settings.kafkaDir(), state.kafkaPort(), state.controllerPort()),
        new PostgresServer(settings.postgresDir(), state.postgresPort(), settings.secretsDir()),
        new InfluxServer(
            settings.influxDir(),
            state.influxPort(),
            state.influxRpcPort(),
            settings.secretsDir()));
  }

  private StackState choosePorts(Optional<StackState> previous) {
    return new StackState(
        port(settings.kafkaPort(), previous.map(StackState::kafkaPort)),
        port(settings.controllerPort(), previous.map(StackState::controllerPort)),
        port(settings.postgresPort(), previous.map(StackState::postgresPort)),
        port(settings.influxPort(), previous.map(StackState::influxPort)),
        port(settings.influxRpcPort(), previous.map(StackState::influxRpcPort)),
        previous.map(StackState::kafka).orElse(null),
        previous.map(StackState::influx).orElse(null));
  }

  private static int port(int configured, Optional<Integer> previous) {
    if (configured != 0) {
      return configured;
    }
    return previous.filter(p -> p != 0).orElseGet(Ports::free);
  }

  private static void requireFree(String service, int... ports) {
    for (int port : ports) {
      if (!Ports.isFree(port)) {
        throw new StackException(
            service
                + " cannot start: port "
                + Ports.HOST
                + ":"
                + port
                + " is used by another program. Free it or choose another port (see --help).");
      }
    }
  }

  private static void stopIfRunning(DetachedProcess process) {
    if (process != null) {
      process.stop(Duration.ofSeconds(30));
    }
  }

  /** Processes started from this work directory that are still alive. */
  private List<ProcessHandle> leftovers() {
    String dir = settings.workDir().toString();
    Set<Long> self =
        ProcessHandle.current().parent().stream()
            .flatMap(
                p ->
                    java.util.stream.Stream.iterate(
                        Optional.of(p), Optional::isPresent, o -> o.get().parent()))
            .map(o -> o.get().pid())
            .collect(Collectors.toSet());
    self.add(ProcessHandle.current().pid());
    return ProcessHandle.allProcesses()
        .filter(h -> !self.contains(h.pid()))
        .filter(
            h ->
                h.info()
                    .commandLine()
                    .filter(c -> c.contains(dir + "/"))
                    .filter(
                        c ->
                            c.contains("kafka.Kafka")
                                || c.contains("influxd")
                                || c.contains("postgres"))
                    .isPresent())
        .collect(Collectors.toList());
  }

  private void sweepStrays(Consumer<String> progress) {
    for (ProcessHandle h : leftovers()) {
      progress.accept("stopping stray process " + h.pid() + " " + h.info().command().orElse(""));
      h.destroy();
      h.onExit().completeOnTimeout(h, 15, java.util.concurrent.TimeUnit.SECONDS).join();
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
  }

  /** Serializes up/down on one work directory; closing the channel releases the lock. */
  private WorkDirLock lockWorkDir() {
    try {
      Files.createDirectories(settings.workDir());
      FileChannel channel =
          FileChannel.open(
              settings.workDir().resolve(".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      channel.lock();
      return new WorkDirLock(channel);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock work directory " + settings.workDir(), e);
    }
  }

  private record WorkDirLock(FileChannel channel) implements AutoCloseable {
    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static Path defaultWorkDir() {
    String env = System.getenv("DEEPALPHA_HOME");
    return Path.of(env != null && !env.isBlank() ? env : "work").toAbsolutePath().resolve("stack");
  }
}
