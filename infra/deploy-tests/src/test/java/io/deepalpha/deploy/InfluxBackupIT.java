package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/backup/influx-backup.sh --v1-host against the real InfluxDB 1.6 of the local stack: the
 * archive restores (influxd restore -portable) into a new database holding the same points.
 */
@WithLocalStack
class InfluxBackupIT {
  private static final Pattern RPC_BIND =
      Pattern.compile("^bind-address = \"([^\"]+)\"", Pattern.MULTILINE);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path backups;
  @TempDir Path restoreDir;

  @Test
  void portableBackupRestoresTheSamePointsIntoANewDatabase(StackEndpoints stack) throws Exception {
    Tools.requireTool("influxd", "influxdb");
    String rpc = rpcAddress();
    write(
        stack,
        "backup_probe,venue=OKX bid=65325.5,ask=65326.25 1767225600000000000\n"
            + "backup_probe,venue=KRAKEN bid=65320.125,ask=65330 1767225601000000000");

    Tools.Result backup =
        Tools.run(
            Repo.ROOT,
            Repo.path("infra/backup/influx-backup.sh").toString(),
            "--v1-host=" + rpc,
            "--out-dir=" + backups,
            "--retention-days=7");

    assertThat(backup.exitCode()).as(backup.output()).isZero();
    Path archive;
    try (Stream<Path> files = Files.list(backups)) {
      List<Path> tars = files.filter(p -> p.toString().endsWith(".tar")).toList();
      assertThat(tars).hasSize(1);
      archive = tars.get(0);
    }
    assertThat(Tools.run(restoreDir, "tar", "-xf", archive.toString()).exitCode()).isZero();
    String restoredDb = "backup_probe_restored_" + System.nanoTime();
    Tools.Result restore =
        Tools.run(
            Repo.ROOT,
            "influxd",
            "restore",
            "-portable",
            "-db",
            stack.influxDatabase(),
            "-newdb",
            restoredDb,
            "-host",
            rpc,
            restoreDir.toString());
    assertThat(restore.exitCode()).as(restore.output()).isZero();

    String original =
        query(
            stack,
            stack.influxDatabase(),
            "SELECT bid, ask, venue FROM backup_probe ORDER BY time");
    String restored =
        query(stack, restoredDb, "SELECT bid, ask, venue FROM backup_probe ORDER BY time");
    assertThat(restored).contains("65325.5", "65326.25", "65320.125", "KRAKEN").isEqualTo(original);
  }

  /**
   * The RPC address the stack configured (infra/README.md: influxdb/influxdb.conf in its work dir).
   */
  private static String rpcAddress() throws IOException {
    Path conf =
        Path.of(
            System.getProperty("deepalpha.stack.workDir", "target/it-stack"),
            "influxdb",
            "influxdb.conf");
    assumeTrue(
        Files.exists(conf),
        conf + " not found (a stack from DEEPALPHA_STACK_ENV has its own work dir): skipped");
    Matcher m = RPC_BIND.matcher(Files.readString(conf));
    assertThat(m.find()).as("RPC bind-address in " + conf).isTrue();
    return m.group(1);
  }

  private static void write(StackEndpoints stack, String lines) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(stack.influxUrl() + "/write?db=" + stack.influxDatabase()))
                .header("Authorization", basic(stack))
                .POST(HttpRequest.BodyPublishers.ofString(lines))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
  }

  private static String query(StackEndpoints stack, String db, String q) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        stack.influxUrl()
                            + "/query?db="
                            + db
                            + "&q="
                            + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                .header("Authorization", basic(stack))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static String basic(StackEndpoints stack) {
    String token = stack.influxUser() + ":" + stack.influxPassword();
    return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }
}
