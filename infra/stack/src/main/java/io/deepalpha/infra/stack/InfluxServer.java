package io.deepalpha.infra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * InfluxDB 1.x from the Debian package ({@code influxd}), with authentication on. The first start
 * creates the admin user (InfluxDB allows that one unauthenticated statement while no user exists)
 * and the {@code deepalpha} database.
 */
final class InfluxServer {
  private static final Path INFLUXD = Path.of("/usr/bin/influxd");

  private final Path dir;
  private final int port;
  private final int rpcPort;
  private final Path passwordFile;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  InfluxServer(Path dir, int port, int rpcPort, Path secretsDir) {
    this.dir = dir;
    this.port = port;
    this.rpcPort = rpcPort;
    this.passwordFile = secretsDir.resolve("influxdb.password");
  }

  String url() {
    return "http://" + Ports.HOST + ":" + port;
  }

  Path passwordFile() {
    return passwordFile;
  }

  Path log() {
    return dir.resolve("influxd.log");
  }

  DetachedProcess start() {
    Path influxd = influxd();
    Path config = writeConfig();
    return DetachedProcess.start(
        List.of(influxd.toString(), "-config", config.toString()), dir, log());
  }

  void awaitReadyAndCreateDatabase(DetachedProcess process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready()) {
      if (!process.running()) {
        throw new StackException(
            "influxd exited during start; last lines of "
                + log()
                + ":\n"
                + DetachedProcess.tail(log(), 30));
      }
      if (System.nanoTime() - deadline > 0) {
        throw new StackException(
            "InfluxDB not ready on "
                + url()
                + " after "
                + timeout
                + ":\n"
                + DetachedProcess.tail(log(), 30));
      }
      sleep(100);
    }
    String password = Secrets.readOrCreate(passwordFile);
    HttpResponse<String> created =
        query(
            "CREATE USER "
                + StackEndpoints.USER
                + " WITH PASSWORD '"
                + password.replace("'", "\\'")
                + "' WITH ALL PRIVILEGES",
            false);
    // 401/403: the admin exists already (a restart); 200: just created.
    if (created.statusCode() != 200 && created.statusCode() != 401 && created.statusCode() != 403) {
      throw new StackException("cannot create the InfluxDB admin user: " + created.body());
    }
    HttpResponse<String> db = query("CREATE DATABASE " + StackEndpoints.DATABASE, true);
    if (db.statusCode() != 200 || db.body().contains("\"error\"")) {
      throw new StackException(
          "cannot create InfluxDB database "
              + StackEndpoints.DATABASE
              + " (HTTP "
              + db.statusCode()
              + "): "
              + db.body()
              + (db.statusCode() == 401
                  ? " — is " + passwordFile + " the password this stack was" + " created with?"
                  : ""));
    }
  }

  /** {@code GET /ping} answers 204 once the HTTP service is up. */
  boolean ready() {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url() + "/ping"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 204;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpResponse<String> query(String statement, boolean authenticate) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url() + "/query"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8)));
    if (authenticate) {
      String credentials = StackEndpoints.USER + ":" + Secrets.readOrCreate(passwordFile);
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new StackException("InfluxDB query failed on " + url() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted during an InfluxDB query");
    }
  }

  private Path writeConfig() {
    String conf =
        String.join(
            "\n",
            "reporting-disabled = true",
            "bind-address = \"" + Ports.HOST + ":" + rpcPort + "\"",
            "[meta]",
            "  dir = \"" + dir.resolve("meta") + "\"",
            "[data]",
            "  dir = \"" + dir.resolve("data") + "\"",
            "  wal-dir = \"" + dir.resolve("wal") + "\"",
            "  query-log-enabled = false",
            "  cache-max-memory-size = 268435456",
            "  index-version = \"tsi1\"",
            "[monitor]",
            "  store-enabled = false",
            "[http]",
            "  enabled = true",
            "  bind-address = \"" + Ports.HOST + ":" + port + "\"",
            "  auth-enabled = true",
            "  log-enabled = false",
            "  max-body-size = 0",
            "[continuous_queries]",
            "  log-enabled = false",
            "[logging]",
            "  level = \"warn\"",
            "");
    Path file = dir.resolve("influxdb.conf");
    try {
      Files.createDirectories(dir);
      Files.writeString(file, conf, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static Path influxd() {
    if (!Files.isExecutable(INFLUXD)) {
      throw new StackException(
          "InfluxDB server not found at " + INFLUXD + ": install it (apt-get install -y influxdb)");
    }
    return INFLUXD;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while waiting for InfluxDB");
    }
  }
}
