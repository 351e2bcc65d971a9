package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/backup/pg-backup.sh and pg-restore.sh against the real PostgreSQL 15 of the local stack: a
 * dump that restores to the same rows, retention, and a corrupted dump refused.
 */
@WithLocalStack
class PostgresBackupIT {
  private static final String SCHEMA = "backup_probe";

  @TempDir Path backups;
  @TempDir Path secrets;

  @Test
  void dumpRestoresTheSameRowsAfterTheSchemaIsGone(StackEndpoints stack) throws Exception {
    Tools.requireTool("pg_dump", "postgresql-client-15");
    try (Connection c = connect(stack)) {
      createProbe(c);
      List<String> before = rows(c);
      assertThat(before).hasSize(4);

      Tools.Result backup = backup(stack, "--retention-days=14");
      assertThat(backup.exitCode()).as(backup.output()).isZero();
      Path dump = onlyDump();
      assertThat(Files.readString(Path.of(dump + ".sha256")))
          .contains(dump.getFileName().toString());

      exec(c, "DROP SCHEMA " + SCHEMA + " CASCADE");
      Tools.Result restore = restore(stack, dump);

      assertThat(restore.exitCode()).as(restore.output()).isZero();
      assertThat(rows(c)).containsExactlyElementsOf(before);
      assertThat(partitions(c)).containsExactly("ticks_2026_01", "ticks_2026_02");
    }
  }

  @Test
  void aDumpThatNoLongerMatchesItsChecksumIsNotRestored(StackEndpoints stack) throws Exception {
    Tools.requireTool("pg_dump", "postgresql-client-15");
    try (Connection c = connect(stack)) {
      createProbe(c);
      assertThat(backup(stack, "--retention-days=14").exitCode()).isZero();
      Path dump = onlyDump();
      byte[] bytes = Files.readAllBytes(dump);
      bytes[bytes.length / 2] ^= 0x5A;
      Files.write(dump, bytes);
      exec(c, "UPDATE " + SCHEMA + ".ticks SET note = 'changed after the backup'");

      Tools.Result restore = restore(stack, dump);

      assertThat(restore.exitCode()).isNotZero();
      assertThat(restore.output()).contains("FAILED");
      assertThat(rows(c)).allMatch(r -> r.endsWith("changed after the backup"));
    }
  }

  @Test
  void retentionRemovesOldDumpsButKeepsTheNewestThree(StackEndpoints stack) throws Exception {
    Tools.requireTool("pg_dump", "postgresql-client-15");
    Instant now = Instant.now();
    for (int day : new int[] {20, 30, 40, 50}) {
      Path old = backups.resolve("deepalpha-2026010" + (day / 10) + "T000000Z.dump");
      Files.writeString(old, "old");
      Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofDays(day))));
    }

    Tools.Result r = backup(stack, "--retention-days=14");

    assertThat(r.exitCode()).as(r.output()).isZero();
    try (Stream<Path> files = Files.list(backups)) {
      assertThat(
              files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dump")).sorted())
          .as("the new dump and the two newest old ones (keep at least 3)")
          .hasSize(3)
          .contains("deepalpha-20260102T000000Z.dump", "deepalpha-20260103T000000Z.dump");
    }
    assertThat(r.output())
        .contains("retention: removing")
        .contains("deepalpha-20260105T000000Z.dump");
  }

  @Test
  void dryRunPrintsTheCommandsAndWritesNothing(StackEndpoints stack) throws IOException {
    Tools.Result r = backup(stack, "--retention-days=7", "--dry-run");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("$ pg_dump -Fc --host=").contains("$ pg_restore --list ");
    assertThat(r.output()).doesNotContain(stack.postgresPassword());
    try (Stream<Path> files = Files.list(backups)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void helpAndBadValuesAreAnsweredWithoutTouchingTheDatabase() {
    String script = Repo.path("infra/backup/pg-backup.sh").toString();
    Tools.Result help = Tools.run(Repo.ROOT, script, "--help");
    Tools.Result bad = Tools.run(Repo.ROOT, script, "--retention-days=two");
    Tools.Result unknown = Tools.run(Repo.ROOT, script, "--compress");

    assertThat(help.exitCode()).isZero();
    assertThat(help.output())
        .contains("--retention-days=N", "--compose --env=ENV", "--password-file=F");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.output()).contains("--retention-days must be a whole number of days, got 'two'");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.output()).contains("unknown argument '--compress'");
  }

  private Tools.Result backup(StackEndpoints stack, String... extra) throws IOException {
    List<String> argv = new ArrayList<>(List.of(Repo.path("infra/backup/pg-backup.sh").toString()));
    argv.addAll(connection(stack));
    argv.add("--out-dir=" + backups);
    argv.addAll(List.of(extra));
    return Tools.run(Repo.ROOT, Map.of(), argv.toArray(String[]::new));
  }

  private Tools.Result restore(StackEndpoints stack, Path dump) throws IOException {
    List<String> argv =
        new ArrayList<>(
            List.of(
                Repo.path("infra/backup/pg-restore.sh").toString(), "--dump=" + dump, "--clean"));
    argv.addAll(connection(stack));
    return Tools.run(Repo.ROOT, Map.of(), argv.toArray(String[]::new));
  }

  private List<String> connection(StackEndpoints stack) throws IOException {
    URI uri = URI.create(stack.postgresJdbcUrl().substring("jdbc:".length()));
    Path password = secrets.resolve("postgres_password");
    if (!Files.exists(password)) {
      Files.writeString(password, stack.postgresPassword());
      Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
    }
    return List.of(
        "--host=" + uri.getHost(),
        "--port=" + uri.getPort(),
        "--user=" + stack.postgresUser(),
        "--dbname=" + uri.getPath().substring(1),
        "--password-file=" + password);
  }

  private Path onlyDump() throws IOException {
    try (Stream<Path> files = Files.list(backups)) {
      List<Path> dumps = files.filter(p -> p.toString().endsWith(".dump")).toList();
      assertThat(dumps).hasSize(1);
      return dumps.get(0);
    }
  }

  private static Connection connect(StackEndpoints stack) throws SQLException {
    return DriverManager.getConnection(
        stack.postgresJdbcUrl(), stack.postgresUser(), stack.postgresPassword());
  }

  /** Exact decimals, time zones, JSON and a partitioned table: what the sinks' tables hold. */
  private static void createProbe(Connection c) throws SQLException {
    exec(c, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    exec(c, "CREATE SCHEMA " + SCHEMA);
    exec(
        c,
        "CREATE TABLE "
            + SCHEMA
            + ".ticks (id bigint, at timestamptz NOT NULL, price numeric NOT NULL,"
            + " payload jsonb, note text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)");
    exec(
        c,
        "CREATE TABLE "
            + SCHEMA
            + ".ticks_2026_01 PARTITION OF "
            + SCHEMA
            + ".ticks FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')");
    exec(
        c,
        "CREATE TABLE "
            + SCHEMA
            + ".ticks_2026_02 PARTITION OF "
            + SCHEMA
            + ".ticks FOR VALUES FROM ('2026-02-01') TO ('2026-03-01')");
    exec(
        c,
        "INSERT INTO "
            + SCHEMA
            + ".ticks VALUES"
            + " (1, '2026-01-05 10:00:00.123456+00', 65325.12345678, '{\"venue\":\"BINANCE\"}', 'a'),"
            + " (2, '2026-01-31 23:59:59.999999+00', 0.00000001, null, 'b'),"
            + " (3, '2026-02-01 00:00:00+00', 123456789012345678901234567890.123456789, '[1,2]', 'c'),"
            + " (4, '2026-02-14 12:00:00+02', -1.5, '{}', null)");
  }

  private static List<String> rows(Connection c) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id, at, price::text, payload::text, note FROM "
                    + SCHEMA
                    + ".ticks ORDER BY id")) {
      while (rs.next()) {
        rows.add(
            rs.getLong(1)
                + "|"
                + rs.getObject(2, java.time.OffsetDateTime.class).toInstant()
                + "|"
                + rs.getString(3)
                + "|"
                + rs.getString(4)
                + "|"
                + rs.getString(5));
      }
    }
    return rows;
  }

  private static List<String> partitions(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent"
                    + " JOIN pg_namespace n ON n.oid = p.relnamespace WHERE p.relname = 'ticks' AND n.nspname = '"
                    + SCHEMA
                    + "' ORDER BY 1")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
