package io.deepalpha.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code java -jar target/deepalpha-ingest-*.jar ARGS} as its own JVM (as the orchestrator runs
 * it), its output in a log file, and its HTTP endpoints.
 */
public final class IngestProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final int port;

  private IngestProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts the runnable jar with {@code args}; {@code env} is added to the environment. */
  public static IngestProcess start(List<String> args, Map<String, String> env, Path log, int port)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-jar");
    command.add(runnableJar().toString());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new IngestProcess(builder.start(), log, port);
  }

  public Process process() {
    return process;
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  /** GET {@code path} on the process's HTTP port. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Polls {@code path} until its response matches; fails after {@code max} with the last response,
   * or at once if the process ended.
   */
  public HttpResponse<String> await(
      String path, Predicate<HttpResponse<String>> wanted, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() - deadline < 0) {
      assertThat(process.isAlive()).as("the process is running; its log: %s", log()).isTrue();
      try {
        HttpResponse<String> response = get(path);
        if (wanted.test(response)) {
          return response;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException notServingYet) {
        last = notServingYet.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no wanted answer on " + path + " within " + max + "; last: " + last);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  /** target/deepalpha-ingest-VERSION.jar, built by `package` before the integration tests. */
  public static Path runnableJar() throws IOException {
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(Path.of("target"), "deepalpha-ingest-*.jar")) {
      for (Path jar : jars) {
        if (!jar.getFileName().toString().contains("-tests")) {
          assertThat(Path.of("target", "lib")).as("runtime dependencies").isDirectory();
          return jar;
        }
      }
    }
    throw new AssertionError("no target/deepalpha-ingest-*.jar: run `mvn -pl ingest verify`");
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
