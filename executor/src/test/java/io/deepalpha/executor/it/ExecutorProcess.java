package io.deepalpha.executor.it;

import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The executor main as a child JVM, on the test classpath, its output captured in a file. */
final class ExecutorProcess implements AutoCloseable {
  private static final Pattern HTTP_PORT = Pattern.compile("http=[^:]+:(\\d+)");
  final Process process;
  final Path log;

  ExecutorProcess(Map<String, String> env, Path log) throws IOException {
    this.log = log;
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-Xmx256m");
    cmd.add("--add-exports");
    cmd.add("java.base/jdk.internal.misc=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.deepalpha.executor.ExecutorMain");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    process = pb.start();
  }

  /** Waits for the "executor running" line and then for /ready; returns the HTTP port. */
  int awaitReady(HttpClient http, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    int port = -1;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("executor exited " + process.exitValue() + ":\n" + tail());
      }
      if (port < 0) {
        String text = Files.exists(log) ? Files.readString(log) : "";
        Matcher m = HTTP_PORT.matcher(text);
        int last = -1;
        while (m.find()) {
          last = Integer.parseInt(m.group(1));
        }
        port = last;
      }
      if (port > 0) {
        try {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return port;
          }
        } catch (IOException e) {
          // not listening yet
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("executor not ready in " + timeout + ":\n" + tail());
  }

  String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        kill9();
      }
    }
  }
}
