package io.deepalpha.ingest.cdc;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Where the config CDC reads and keeps its state (docs/decisions/0002-live-config.md).
 *
 * @param kafkaBootstrap Kafka bootstrap servers of the config.* topics
 * @param postgresJdbcUrl {@code jdbc:postgresql://host:port/database}
 * @param postgresUser a role with REPLICATION and SELECT on the tables
 * @param postgresPassword never logged; {@link #toString()} masks it
 * @param stateDir holds the engine's offsets ({@value #OFFSETS_FILE}); must survive restarts
 * @param slotName the logical replication slot, one per CDC deployment (default {@value
 *     #DEFAULT_SLOT})
 * @param publication created by the sinks migrations (default {@value #DEFAULT_PUBLICATION})
 * @param tables the live-config tables in schema {@code public}
 */
public record CdcSettings(
    String kafkaBootstrap,
    String postgresJdbcUrl,
    String postgresUser,
    String postgresPassword,
    Path stateDir,
    String slotName,
    String publication,
    List<String> tables) {

  public static final String DEFAULT_SLOT = "deepalpha_config_cdc";
  public static final String DEFAULT_PUBLICATION = "deepalpha_config";
  public static final List<String> TABLES = List.of("instruments", "strategies", "risk_limits");
  static final String OFFSETS_FILE = "offsets.dat";

  /** Debezium's logical server name: the prefix of its own topic names (heartbeats). */
  static final String SERVER_NAME = "deepalpha";

  /**
   * How often the engine confirms its position to the slot even when the config tables are quiet:
   * the database also holds the busy event tables, whose WAL the slot would otherwise retain.
   */
  static final long HEARTBEAT_MS = 10_000;

  public CdcSettings {
    Database.of(postgresJdbcUrl); // a bad URL stops here, naming the option
  }

  public static CdcSettings of(
      String kafkaBootstrap, String jdbcUrl, String user, String password, Path stateDir) {
    return new CdcSettings(
        kafkaBootstrap,
        jdbcUrl,
        user,
        password,
        stateDir,
        DEFAULT_SLOT,
        DEFAULT_PUBLICATION,
        TABLES);
  }

  public CdcSettings withSlot(String slot) {
    return new CdcSettings(
        kafkaBootstrap,
        postgresJdbcUrl,
        postgresUser,
        postgresPassword,
        stateDir,
        slot,
        publication,
        tables);
  }

  public Path offsetsFile() {
    return stateDir.resolve(OFFSETS_FILE);
  }

  /** The embedded engine's configuration (Debezium PostgreSQL connector, pgoutput). */
  Properties debeziumProperties() {
    Database db = Database.of(postgresJdbcUrl);
    Properties p = new Properties();
    p.setProperty("name", "deepalpha-config-cdc");
    p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.setProperty("database.hostname", db.host());
    p.setProperty("database.port", Integer.toString(db.port()));
    p.setProperty("database.dbname", db.name());
    p.setProperty("database.user", postgresUser);
    p.setProperty("database.password", postgresPassword);
    p.setProperty("topic.prefix", SERVER_NAME);
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("publication.name", publication);
    // The publication is part of the schema (sinks migrations); never let the engine widen it.
    p.setProperty("publication.autocreate.mode", "disabled");
    p.setProperty("slot.name", slotName);
    p.setProperty(
        "table.include.list",
        tables.stream().map(t -> "public." + t).collect(Collectors.joining(",")));
    // Values travel as PostgreSQL prints them ("8.0000"): exact, no double on the way.
    p.setProperty("decimal.handling.mode", "string");
    // ConfigChangePublisher writes its own tombstone after a DELETE event.
    p.setProperty("tombstones.on.delete", "false");
    p.setProperty("heartbeat.interval.ms", Long.toString(HEARTBEAT_MS));
    p.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
    p.setProperty("offset.storage.file.filename", offsetsFile().toString());
    // Offsets are written after every batch the publisher had acknowledged, not once a minute.
    p.setProperty("offset.flush.interval.ms", "0");
    p.setProperty("offset.flush.timeout.ms", "10000");
    return p;
  }

  @Override
  public String toString() {
    return "CdcSettings[kafka="
        + kafkaBootstrap
        + ", postgres="
        + postgresJdbcUrl
        + ", user="
        + postgresUser
        + ", password=***, stateDir="
        + stateDir
        + ", slot="
        + slotName
        + ", publication="
        + publication
        + ", tables="
        + tables
        + "]";
  }

  /** Host, port and database of a {@code jdbc:postgresql://} URL. */
  record Database(String host, int port, String name) {
    static Database of(String jdbcUrl) {
      String prefix = "jdbc:postgresql://";
      if (jdbcUrl == null || !jdbcUrl.startsWith(prefix)) {
        throw new IllegalArgumentException(
            "--postgres-jdbc-url: expected jdbc:postgresql://HOST[:PORT]/DATABASE, got " + jdbcUrl);
      }
      URI uri = URI.create("postgresql://" + jdbcUrl.substring(prefix.length()));
      String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      if (uri.getHost() == null || path.isEmpty()) {
        throw new IllegalArgumentException(
            "--postgres-jdbc-url: expected jdbc:postgresql://HOST[:PORT]/DATABASE, got " + jdbcUrl);
      }
      return new Database(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path);
    }
  }
}
