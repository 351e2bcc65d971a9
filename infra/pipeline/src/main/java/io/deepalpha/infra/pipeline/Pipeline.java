package io.deepalpha.infra.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.sinks.postgres.migration.Migrations;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the whole pipeline against a running stack: migrations, then the services in dependency
 * order (consumers before producers, so nothing the market produces is missed), the live progress
 * view while the market runs, a drain (the market stops first; the jobs and the executor finish
 * what is in Kafka), an orderly stop in reverse order, and the summary.
 */
final class Pipeline {
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PipelineSettings settings;
  private final StackEndpoints stack;
  private final PrintStream out;
  private final String runId;
  private final List<ChildProcess> children = new ArrayList<>();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final MemoryWatch memory;
  private volatile boolean stopped;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile Runnable whileRunning = () -> {};
  private volatile double executorConfigChanges;

  Pipeline(
      PipelineSettings settings,
      StackEndpoints stack,
      Supplier<List<Long>> stackPids,
      PrintStream out,
      String runId) {
    this.memory = new MemoryWatch(stackPids);
    this.settings = settings;
    this.stack = stack;
    this.out = out;
    this.runId = runId;
  }

  /** Asks a running {@link #run} to stop the market and finish (Ctrl-C). */
  void requestStop() {
    stopRequested.countDown();
  }

  /** Runs {@code task} on its own thread once the market is running (tests change config). */
  void whileRunning(Runnable task) {
    this.whileRunning = task;
  }

  /** Called by the caller of {@link #run} when it has printed everything. */
  void finished() {
    finished.countDown();
  }

  /** For the Ctrl-C hook: lets the run drain, stop its services and print its summary. */
  void awaitFinished(Duration max) {
    try {
      if (!finished.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
        stopAll();
      }
    } catch (InterruptedException e) {
      stopAll();
      Thread.currentThread().interrupt();
    }
  }

  /** Runs to the end and returns the summary; services are stopped whatever happens. */
  RunSummary run() {
    long start = System.nanoTime();
    java.time.Instant startedAt = java.time.Instant.now();
    Services services = new Services(settings, stack, runId);
    try {
      Files.createDirectories(settings.logsDir());
      checkNotStopped("starting the local stack");
      migrate();
      try (Tap tap =
              new Tap(stack.kafkaBootstrap(), Tap.WARM_UP, settings.replay().isEmpty()).start();
          LagProbe lags = new LagProbe(stack.kafkaBootstrap())) {
        startServices(services);
        MetricsScrape executorMetrics =
            new MetricsScrape(URI.create("http://127.0.0.1:" + services.executorPort + "/metrics"));
        Thread task = new Thread(whileRunning, "while-running");
        task.setDaemon(true);
        task.start();
        ProgressView view = new ProgressView(out, settings, services, tap, lags, memory, start);
        runMarket(view, executorMetrics);
        drain(services, tap, lags, view, executorMetrics);
        stopAll();
        RunSummary summary =
            RunSummary.collect(
                settings,
                stack,
                runId,
                tap.snapshot(),
                memory,
                startedAt,
                Duration.ofNanos(System.nanoTime() - start),
                (long) executorConfigChanges);
        summary.write(settings.runDir().resolve("summary.json"));
        return summary;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      stopAll();
    }
  }

  private void migrate() {
    step("applying database migrations (Flyway)");
    StringWriter text = new StringWriter();
    Map<String, String> env = new Services(settings, stack, runId).databaseEnv();
    env = new java.util.HashMap<>(env);
    env.put("POSTGRES_PASSWORD", stack.postgresPassword());
    int code = Migrations.run(env, new PrintWriter(text, true), "migrate");
    if (code != 0) {
      throw new PipelineException("database migrations failed:\n" + text);
    }
  }

  private void startServices(Services services) {
    step("starting the venue simulator");
    ChildProcess simulator = start("simulator", services.simulator(), Map.of());
    awaitPort(simulator, services.simulatorPort, Duration.ofSeconds(60));
    if (settings.cdc()) {
      step("starting the config CDC (Debezium → config.* topics)");
      Map<String, String> env = services.databaseEnv();
      ChildProcess cdc = start("cdc", services.cdc(), env);
      awaitPort(cdc, services.cdcMetricsPort, Duration.ofSeconds(60));
    }
    step("starting the Flink jobs (SpreadJob, RiskJob, sinks) on a local Flink");
    ChildProcess jobs = start("jobs", services.jobs(), services.databaseEnv());
    awaitPort(jobs, services.flinkUiPort, Duration.ofSeconds(120));
    awaitFlinkRunning(jobs, services.flinkUiPort, Duration.ofSeconds(120));
    step("starting the executor (paper mode)");
    ChildProcess executor = start("executor", services.executor(), services.executorEnv());
    awaitPort(executor, services.executorPort, Duration.ofSeconds(60));
    step("starting ingest (" + String.join(", ", settings.venues()) + ")");
    ChildProcess ingest = start("ingest", services.ingest(), Map.of());
    awaitPort(ingest, services.ingestMetricsPort, Duration.ofSeconds(60));
  }

  private void sampleExecutor(MetricsScrape executorMetrics, ProgressView view) {
    executorMetrics
        .value("deepalpha_executor_config_changes_total")
        .ifPresent(
            v -> {
              executorConfigChanges = v;
              view.executorConfigChanges((long) v);
            });
  }

  private void runMarket(ProgressView view, MetricsScrape executorMetrics) {
    long endNs =
        settings.duration() == null
            ? Long.MAX_VALUE
            : System.nanoTime() + settings.duration().toNanos();
    try {
      while (System.nanoTime() < endNs) {
        long waitMs = Math.min(1_000, Math.max(1, (endNs - System.nanoTime()) / 1_000_000));
        if (stopRequested.await(waitMs, TimeUnit.MILLISECONDS)) {
          break;
        }
        memory.sample(children);
        checkAlive();
        sampleExecutor(executorMetrics, view);
        view.tick(false);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Market off, then wait (bounded) until the jobs and the executor have caught up. */
  private void drain(
      Services services, Tap tap, LagProbe lags, ProgressView view, MetricsScrape executorMetrics) {
    step("stopping the market; letting the jobs and the executor finish what is in Kafka");
    stop("ingest");
    stop("simulator");
    // Settled: the jobs have committed everything the market produced (offsets commit at each
    // checkpoint), the executor and the tap (which the summary counts from) have nothing left to
    // read, every signal has an outcome, and nothing changed for a few seconds.
    long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
    int settled = 0;
    int lastSignals = -1;
    while (System.nanoTime() < deadline && settled < 3) {
      sleep(1_000);
      memory.sample(children);
      Tap.Snapshot s = tap.snapshot();
      Map<String, Long> lag =
          lags.lags(List.of(services.jobsSpreadGroup(), services.executorGroup()));
      // A group that never committed (-1) has had nothing to answer only when no signal came.
      boolean caughtUp =
          lag.values().stream().allMatch(l -> l == 0 || (l < 0 && s.signals().isEmpty()))
              && lags.behind(tap.nextOffsets()) == 0;
      boolean allHaveOutcomes = s.signalsWithOutcome() >= s.signals().size();
      settled = caughtUp && allHaveOutcomes && s.signals().size() == lastSignals ? settled + 1 : 0;
      lastSignals = s.signals().size();
      sampleExecutor(executorMetrics, view);
      view.tick(false);
    }
    if (settled < 3) {
      step("the jobs or the executor had not caught up after " + DRAIN_LIMIT.toSeconds() + " s");
    }
    view.tick(true);
  }

  private ChildProcess start(String name, List<String> command, Map<String, String> env) {
    checkNotStopped("starting " + name);
    ChildProcess child = ChildProcess.start(name, command, env, settings.repo(), settings.runDir());
    children.add(child);
    return child;
  }

  /** Ctrl-C while starting: start nothing more ({@link #run}'s finally stops what runs). */
  private void checkNotStopped(String step) {
    if (stopRequested.getCount() == 0) {
      throw new StoppedBeforeMarket(step);
    }
  }

  private void awaitPort(ChildProcess child, int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      checkNotStopped("starting " + child.name());
      if (!child.alive()) {
        throw exited(child, "while starting");
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        sleep(250);
      }
    }
    throw failed(child, "did not open port " + port + " within " + timeout.toSeconds() + " s");
  }

  /**
   * Until Flink reports the job RUNNING: its Kafka sources then hold their start offsets (the
   * topics' ends), so the market that starts next is read from its first quote.
   */
  private void awaitFlinkRunning(ChildProcess child, int port, Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs/overview"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      checkNotStopped("starting " + child.name());
      if (!child.alive()) {
        throw exited(child, "while starting");
      }
      try {
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        JsonNode jobs = JSON.readTree(body).path("jobs");
        if (jobs.size() > 0 && allRunning(jobs)) {
          sleep(2_000); // the sources' enumerators resolve their offsets as the job starts
          return;
        }
      } catch (IOException notYet) {
        // the REST endpoint answers once the dispatcher is up
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      sleep(500);
    }
    throw failed(
        child, "did not report its Flink job RUNNING within " + timeout.toSeconds() + " s");
  }

  private static boolean allRunning(JsonNode jobs) {
    for (JsonNode job : jobs) {
      JsonNode tasks = job.path("tasks");
      boolean deployed =
          tasks.isMissingNode() || tasks.path("running").asInt() == tasks.path("total").asInt();
      if (!"RUNNING".equals(job.path("state").asText()) || !deployed) {
        return false;
      }
    }
    return true;
  }

  private void checkAlive() {
    for (ChildProcess child : children) {
      if (!child.alive()) {
        throw exited(child, "while running");
      }
    }
  }

  private PipelineException exited(ChildProcess child, String when) {
    return failed(child, "exited with code " + child.exitCode().orElse(-1) + " " + when);
  }

  private PipelineException failed(ChildProcess child, String what) {
    return new PipelineException(
        child.name()
            + " "
            + what
            + "; its log is "
            + child.log()
            + " — last lines:\n"
            + child.tail(25));
  }

  private void stop(String name) {
    children.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .ifPresent(c -> c.stop(STOP_GRACE));
  }

  /** Reverse start order: producers first, then the consumers that drain them. */
  synchronized void stopAll() {
    if (stopped) {
      return;
    }
    for (int i = children.size() - 1; i >= 0; i--) {
      children.get(i).stop(STOP_GRACE);
    }
    stopped = true;
  }

  private void step(String text) {
    out.println("» " + text);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Finds children of an earlier run whose orchestrator was killed, and stops them. */
  static void stopLeftovers(Path pipelineHome, PrintStream out) {
    if (!Files.isDirectory(pipelineHome)) {
      return;
    }
    try (var runs = Files.list(pipelineHome)) {
      for (Path run : runs.toList()) {
        Path pids = run.resolve("pids");
        if (!Files.isDirectory(pids)) {
          continue;
        }
        try (var files = Files.list(pids)) {
          for (Path pidFile : files.toList()) {
            Optional<ProcessHandle> h = leftover(pidFile);
            h.ifPresent(
                p -> {
                  out.println(
                      "» stopping a leftover " + pidFile.getFileName() + " (" + p.pid() + ")");
                  p.destroy();
                  p.onExit().completeOnTimeout(p, 20, TimeUnit.SECONDS).join();
                  if (p.isAlive()) {
                    p.destroyForcibly();
                  }
                });
            Files.deleteIfExists(pidFile);
          }
        }
      }
    } catch (IOException e) {
      out.println("» could not check for leftovers: " + e.getMessage());
    }
  }

  private static Optional<ProcessHandle> leftover(Path pidFile) throws IOException {
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    // Only a live process running one of our main classes is ours (pids are recycled).
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info().commandLine().map(c -> c.contains("io.deepalpha.")).orElse(false)
                    && ProcessHandle.current().pid() != p.pid());
  }
}
