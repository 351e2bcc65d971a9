package io.deepalpha.infra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL 15 from the Debian binaries, with {@code wal_level=logical} for Debezium. PostgreSQL
 * refuses to run as root, so when the launcher is root the server runs as the {@code postgres}
 * user. {@code pg_ctl} daemonizes the postmaster; its pid is read back from {@code postmaster.pid}.
 */
final class PostgresServer {
  private static final List<Path> BIN_CANDIDATES =
      List.of(
          Path.of("/usr/lib/postgresql/15/bin"),
          Path.of("/usr/lib/postgresql/16/bin"),
          Path.of("/usr/lib/postgresql/17/bin"));
  static final String SUPERUSER = "postgres";

  private final Path dir;
  private final int port;
  private final Path superuserPasswordFile;
  private final Path appPasswordFile;
  private final Path bin;

  PostgresServer(Path dir, int port, Path secretsDir) {
    this.dir = reachableByServerUser(dir);
    this.port = port;
    this.superuserPasswordFile = secretsDir.resolve("postgres-superuser.password");
    this.appPasswordFile = secretsDir.resolve("postgres.password");
    this.bin = findBinaries();
  }

  String jdbcUrl() {
    return "jdbc:postgresql://" + Ports.HOST + ":" + port + "/" + StackEndpoints.DATABASE;
  }

  Path appPasswordFile() {
    return appPasswordFile;
  }

  Path log() {
    return dir.resolve("postgres.log");
  }

  private Path data() {
    return dir.resolve("data");
  }

  void start(Duration timeout) {
    String superPassword = Secrets.readOrCreate(superuserPasswordFile);
    String appPassword = Secrets.readOrCreate(appPasswordFile);
    prepareDirectory();
    if (!Files.exists(data().resolve("PG_VERSION"))) {
      initdb(superPassword);
    }
    writeConfig();
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "start",
            "-D",
            data().toString(),
            "-l",
            log().toString(),
            "-w",
            "-t",
            Long.toString(Math.max(10, timeout.toSeconds()))),
        timeout.plusSeconds(10),
        "pg_ctl start");
    createAppDatabase(superPassword, appPassword);
  }

  void stop() {
    Optional<Long> pid = pid();
    if (pid.isEmpty()) {
      return;
    }
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "stop",
            "-D",
            data().toString(),
            "-m",
            "fast",
            "-w",
            "-t",
            "60"),
        Duration.ofSeconds(70),
        "pg_ctl stop");
    // pg_ctl returns once the pid file is gone, which is a moment before the postmaster exits.
    ProcessHandle.of(pid.get())
        .ifPresent(h -> h.onExit().completeOnTimeout(h, 30, TimeUnit.SECONDS).join());
  }

  /** The postmaster's pid while the server runs. */
  Optional<Long> pid() {
    Path pidFile = data().resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  boolean ready() {
    try (Connection c =
        connect(
            StackEndpoints.USER, Secrets.readOrCreate(appPasswordFile), StackEndpoints.DATABASE)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private void createAppDatabase(String superPassword, String appPassword) {
    try (Connection c = connect(SUPERUSER, superPassword, "postgres");
        Statement st = c.createStatement()) {
      boolean roleExists =
          exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", StackEndpoints.USER);
      String password = appPassword.replace("'", "''");
      // REPLICATION: Debezium reads the WAL of the live-config tables as this user.
      st.execute(
          (roleExists ? "ALTER ROLE " : "CREATE ROLE ")
              + StackEndpoints.USER
              + " LOGIN REPLICATION PASSWORD '"
              + password
              + "'");
      if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", StackEndpoints.DATABASE)) {
        st.execute("CREATE DATABASE " + StackEndpoints.DATABASE + " OWNER " + StackEndpoints.USER);
      }
    } catch (SQLException e) {
      throw new StackException(
          "PostgreSQL started but the deepalpha role/database could not be created: "
              + e.getMessage());
    }
  }

  private static boolean exists(Connection c, String sql, String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private Connection connect(String user, String password, String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(
        "jdbc:postgresql://" + Ports.HOST + ":" + port + "/" + database, props);
  }

  private void initdb(String superPassword) {
    Path pwfile = dir.resolve("initdb.pw");
    try {
      Files.writeString(pwfile, superPassword, StandardCharsets.UTF_8);
      chownToServerUser(pwfile);
      run(
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              data().toString(),
              "-U",
              SUPERUSER,
              "--pwfile=" + pwfile,
              "--auth-local=scram-sha-256",
              "--auth-host=scram-sha-256",
              "--encoding=UTF8",
              "--no-locale"),
          Duration.ofSeconds(120),
          "initdb");
      // Debezium's replication connection comes over TCP on loopback too.
      Files.writeString(
          data().resolve("pg_hba.conf"),
          "host replication all 127.0.0.1/32 scram-sha-256\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
      Files.writeString(
          data().resolve("postgresql.conf"),
          "\ninclude_if_exists = 'deepalpha.conf'\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Files.deleteIfExists(pwfile);
      } catch (IOException e) {
        // the file held a password of a stack that failed to initialize; reported by initdb
      }
    }
  }

  /** Rewritten on every start: the port may change, the rest is the stack's fixed setup. */
  private void writeConfig() {
    String conf =
        String.join(
            "\n",
            "listen_addresses = '" + Ports.HOST + "'",
            "port = " + port,
            "unix_socket_directories = '" + dir.resolve("run") + "'",
            "wal_level = logical",
            "max_wal_senders = 10",
            "max_replication_slots = 10",
            "max_connections = 100",
            "shared_buffers = 128MB",
            "log_min_messages = warning",
            "log_line_prefix = '%m [%p] '",
            "");
    Path file = data().resolve("deepalpha.conf");
    try {
      Files.writeString(file, conf, StandardCharsets.UTF_8);
      chownToServerUser(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void prepareDirectory() {
    try {
      Files.createDirectories(dir.resolve("run"));
      if (isRoot()) {
        chownToServerUser(dir);
        chownToServerUser(dir.resolve("run"));
        if (Files.exists(data())) {
          chownToServerUser(data());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The server user must reach its data directory through every parent. When the work directory
   * lies under one it cannot enter (a checkout in /root), the data moves to /var/tmp, one directory
   * per work directory, so that the stack still starts.
   */
  static Path reachableByServerUser(Path dir) {
    if (!isRoot() || traversableByOthers(dir.toAbsolutePath().getParent())) {
      return dir;
    }
    String id = Integer.toHexString(dir.toAbsolutePath().toString().hashCode());
    return Path.of("/var/tmp/deepalpha-postgres", id);
  }

  private static boolean traversableByOthers(Path dir) {
    try {
      for (Path p = dir; p != null; p = p.getParent()) {
        if (Files.exists(p)
            && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void chownToServerUser(Path path) {
    if (isRoot()) {
      run(List.of("chown", SUPERUSER + ":", path.toString()), Duration.ofSeconds(10), "chown");
    }
  }

  private void run(List<String> command, Duration timeout, String what) {
    List<String> full = new ArrayList<>();
    if (isRoot() && !command.get(0).equals("chown")) {
      full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
    }
    full.addAll(command);
    Path out = dir.resolve(what.replace(' ', '-') + ".out");
    try {
      Process p =
          new ProcessBuilder(full)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new StackException(what + " did not finish within " + timeout + ":\n" + tails(out));
      }
      if (p.exitValue() != 0) {
        throw new StackException(what + " failed (exit " + p.exitValue() + "):\n" + tails(out));
      }
    } catch (IOException e) {
      throw new StackException("cannot run " + full + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while running " + what);
    }
  }

  private String tails(Path out) {
    return DetachedProcess.tail(out, 20) + "\n" + DetachedProcess.tail(log(), 20);
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static Path findBinaries() {
    String env = System.getenv("PG_BIN");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return BIN_CANDIDATES.stream()
        .filter(p -> Files.isExecutable(p.resolve("pg_ctl")))
        .findFirst()
        .orElseThrow(
            () ->
                new StackException(
                    "PostgreSQL server binaries not found in "
                        + BIN_CANDIDATES
                        + ": install them (apt-get install -y postgresql-15) or set PG_BIN"));
  }
}
