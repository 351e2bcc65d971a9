package io.deepalpha.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepalpha.sinks.postgres.migration.Migrations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresSettingsTest {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5433/deepalpha";

  @Test
  void missingUrlIsNamed() {
    assertThatThrownBy(() -> PostgresSettings.fromEnv(Map.of("POSTGRES_USER", "u")))
        .hasMessage("missing setting POSTGRES_JDBC_URL");
  }

  @Test
  void missingPasswordNamesBothKeys() {
    assertThatThrownBy(
            () -> PostgresSettings.fromEnv(Map.of("POSTGRES_JDBC_URL", URL, "POSTGRES_USER", "u")))
        .hasMessageContaining("POSTGRES_PASSWORD")
        .hasMessageContaining("POSTGRES_PASSWORD_FILE");
  }

  @Test
  void passwordIsReadFromTheFileAndNeverPrinted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "s3cret\n");

    PostgresSettings settings =
        PostgresSettings.fromEnv(
            Map.of(
                "POSTGRES_JDBC_URL",
                URL,
                "POSTGRES_USER",
                "deepalpha",
                "POSTGRES_PASSWORD_FILE",
                file.toString()));

    assertThat(settings.password()).isEqualTo("s3cret");
    assertThat(settings.toString()).contains(URL).doesNotContain("s3cret");
  }

  @Test
  void aNonPostgresUrlIsRefused() {
    assertThatThrownBy(() -> new PostgresSettings("jdbc:mysql://x/y", "u", "p"))
        .hasMessageContaining("POSTGRES_JDBC_URL must be a jdbc:postgresql: URL");
  }

  @Test
  void cliWithoutSettingsNamesTheMissingKeyAndExits1() {
    StringWriter out = new StringWriter();

    int exit = Migrations.run(Map.of(), new PrintWriter(out, true), "migrate");

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString().strip()).isEqualTo("error: missing setting POSTGRES_JDBC_URL");
  }

  @Test
  void cliHelpListsTheCommands() {
    StringWriter out = new StringWriter();

    int exit = Migrations.run(Map.of(), new PrintWriter(out, true), "--help");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("migrate", "info", "create-partitions");
  }
}
