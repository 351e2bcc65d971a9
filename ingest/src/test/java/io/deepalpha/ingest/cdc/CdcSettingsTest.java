package io.deepalpha.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CdcSettingsTest {
  private static final CdcSettings SETTINGS =
      CdcSettings.of(
          "127.0.0.1:9092",
          "jdbc:postgresql://db.local:6543/deepalpha?sslmode=disable",
          "deepalpha",
          "s3cr3t-pw",
          Path.of("/var/lib/deepalpha/cdc"));

  @Test
  void theEngineReadsThePublicationOfTheMigrationsWithPgoutputAndANamedSlot() {
    Properties p = SETTINGS.debeziumProperties();
    assertThat(p.getProperty("plugin.name")).isEqualTo("pgoutput");
    assertThat(p.getProperty("publication.name")).isEqualTo("deepalpha_config");
    assertThat(p.getProperty("publication.autocreate.mode")).isEqualTo("disabled");
    assertThat(p.getProperty("slot.name")).isEqualTo("deepalpha_config_cdc");
    assertThat(p.getProperty("table.include.list"))
        .isEqualTo("public.instruments,public.strategies,public.risk_limits");
    assertThat(p.getProperty("database.hostname")).isEqualTo("db.local");
    assertThat(p.getProperty("database.port")).isEqualTo("6543");
    assertThat(p.getProperty("database.dbname")).isEqualTo("deepalpha");
    assertThat(p.getProperty("decimal.handling.mode")).isEqualTo("string");
  }

  @Test
  void offsetsAreAFileInTheStateDirWrittenAfterEveryBatch() {
    Properties p = SETTINGS.debeziumProperties();
    assertThat(p.getProperty("offset.storage"))
        .isEqualTo("org.apache.kafka.connect.storage.FileOffsetBackingStore");
    assertThat(p.getProperty("offset.storage.file.filename"))
        .isEqualTo(Path.of("/var/lib/deepalpha/cdc/offsets.dat").toString());
    assertThat(p.getProperty("offset.flush.interval.ms")).isEqualTo("0");
  }

  @Test
  void thePasswordNeverShowsInText() {
    assertThat(SETTINGS.toString()).doesNotContain("s3cr3t-pw").contains("password=***");
    assertThat(SETTINGS.withSlot("other").toString()).doesNotContain("s3cr3t-pw");
  }

  @Test
  void aUrlThatIsNotPostgresJdbcIsRefusedNamingTheOption() {
    assertThatThrownBy(
            () -> CdcSettings.of("k", "postgres://db/deepalpha", "u", "p", Path.of("state")))
        .hasMessageStartingWith("--postgres-jdbc-url");
    assertThatThrownBy(() -> CdcSettings.of("k", "jdbc:postgresql://db", "u", "p", Path.of("s")))
        .hasMessageStartingWith("--postgres-jdbc-url");
  }

  @Test
  void theDefaultPortIs5432() {
    assertThat(CdcSettings.Database.of("jdbc:postgresql://localhost/deepalpha").port())
        .isEqualTo(5432);
  }
}
