package io.deepalpha.jobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local session cluster of {@code jobs/bin/flink-session} (JobManager and TaskManager as two
 * processes) and the Flink CLI of {@code jobs/bin/flink}, driven exactly as a data engineer types
 * them. Closing stops the cluster; processes that outlive the stop script are killed by pid.
 */
final class FlinkSession implements AutoCloseable {
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
  private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
  private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

  private final Path jobsDir;
  private final Path dir;
  private final int restPort;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final Thread killOnExit = new Thread(this::killProcesses, "flink-session-kill");
  private boolean started;

  /**
   * A session in {@code dir} (wiped first), run by the scripts of the module in {@code jobsDir}.
   */
  FlinkSession(Path jobsDir, Path dir) throws IOException {
    this.jobsDir = jobsDir;
    this.dir = dir;
    this.restPort = freePort();
    deleteTree(dir);
    Files.createDirectories(dir);
  }

  /** {@code flink-session start} on free ports; returns when a TaskManager has registered. */
  FlinkSession start(String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("bin/flink-session", "start"));
    args.addAll(List.of("--rest-port", "" + restPort, "--rpc-port", "" + freePort()));
    args.addAll(List.of(options));
    Runtime.getRuntime().addShutdownHook(killOnExit);
    started = true;
    run(args);
    return this;
  }

  /** {@code flink ARGS}: the CLI's output; fails on a non-zero exit. */
  String flink(String... args) throws Exception {
    return flink(Map.of(), args);
  }

  /** {@code flink ARGS} with more environment (a job's main reads its store settings there). */
  String flink(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bin/flink"));
    command.addAll(List.of(args));
    return run(command, env);
  }

  /** The job id that {@code flink run -d} printed. */
  static String jobId(String runOutput) {
    return group(JOB_ID, runOutput, "no JobID in the output of flink run");
  }

  /** The savepoint path that {@code flink stop} printed. */
  static String savepointPath(String stopOutput) {
    return group(SAVEPOINT, stopOutput, "no savepoint path in the output of flink stop");
  }

  JsonNode rest(String path) throws Exception {
    return json.readTree(get(path));
  }

  String get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + ": " + response.statusCode());
    }
    return response.body();
  }

  /**
   * The sum over subtasks of a job's metric as the Prometheus reporters of the cluster's processes
   * serve it, on the ports of {@code flink-session start --metrics-port FIRST-LAST}.
   */
  double prometheusSum(int firstPort, int lastPort, String metric, String jobId) {
    double sum = 0;
    for (int port = firstPort; port <= lastPort; port++) {
      String body;
      try {
        body =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
      } catch (IOException e) {
        continue; // nothing listens there
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      for (String line : body.split("\n")) {
        if (line.startsWith(metric + "{") && line.contains("job_id=\"" + jobId + "\"")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return sum;
  }

  /** Polls the job's state until it is {@code state}. */
  void awaitJobState(String jobId, String state, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String current = "";
    while (deadline - System.nanoTime() > 0) {
      current = rest("/jobs/" + jobId).path("state").asText();
      if (current.equals(state)) {
        return;
      }
      if (current.equals("FAILED")) {
        throw new IllegalStateException(
            "job " + jobId + " failed: " + rest("/jobs/" + jobId + "/exceptions"));
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("job " + jobId + " is " + current + ", not " + state);
  }

  /** The pids of the JobManager and TaskManager processes the start script recorded. */
  List<ProcessHandle> processes() throws IOException {
    List<ProcessHandle> processes = new ArrayList<>();
    for (String name : List.of("jobmanager", "taskmanager")) {
      Path pidFile = dir.resolve(name + ".pid");
      if (Files.exists(pidFile)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
            .ifPresent(processes::add);
      }
    }
    return processes;
  }

  Path logDir() {
    return dir.resolve("log");
  }

  /** {@code flink-session stop} (SIGTERM, then SIGKILL after 30 s), then by pid what is left. */
  @Override
  public void close() throws Exception {
    if (!started) {
      return;
    }
    started = false;
    List<ProcessHandle> processes = processes();
    try {
      run(List.of("bin/flink-session", "stop"));
    } finally {
      for (ProcessHandle p : processes) {
        p.destroy();
      }
      for (ProcessHandle p : processes) {
        try {
          p.onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          p.destroyForcibly();
        }
      }
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs anyway
      }
    }
  }

  private void killProcesses() {
    try {
      processes().forEach(ProcessHandle::destroyForcibly);
    } catch (IOException e) {
      // nothing to kill
    }
  }

  private String run(List<String> command) throws Exception {
    return run(command, Map.of());
  }

  private String run(List<String> command, Map<String, String> env) throws Exception {
    Path output = Files.createTempFile(dir, "command", ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(jobsDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put("FLINK_SESSION_DIR", dir.toString());
    builder.environment().remove("FLINK_CONF_DIR");
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean exited = process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (!exited) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    String text = Files.readString(output);
    System.out.println("$ " + String.join(" ", command) + "\n" + text);
    if (!exited || process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + (exited ? " exited with " + process.exitValue() : " timed out")
              + ":\n"
              + text);
    }
    return text;
  }

  private static String group(Pattern pattern, String text, String message) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException(message + ":\n" + text);
    }
    return m.group(1);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
