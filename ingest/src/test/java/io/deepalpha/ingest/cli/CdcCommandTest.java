package io.deepalpha.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CdcCommandTest {
  @TempDir Path dir;

  private static final String[] ARGS = {
    "--kafka", "127.0.0.1:1",
    "--postgres-jdbc-url", "jdbc:postgresql://127.0.0.1:1/deepalpha",
    "--postgres-user", "deepalpha",
    "--state-dir", "state",
    "--metrics-port", "0"
  };

  @Test
  void withoutAPasswordItStopsAtStartNamingBothVariables() {
    CdcCommand command = new CdcCommand();
    command.env = name -> null;
    StringWriter err = new StringWriter();
    int exit = new CommandLine(command).setErr(new PrintWriter(err)).execute(ARGS);
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("POSTGRES_PASSWORD_FILE").contains("POSTGRES_PASSWORD");
  }

  @Test
  void thePasswordFileWinsOverThePasswordVariableAndIsTrimmed() throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
    Map<String, String> env =
        Map.of("POSTGRES_PASSWORD_FILE", file.toString(), "POSTGRES_PASSWORD", "from-env");
    CdcCommand command = new CdcCommand();
    command.env = env::get;
    new CommandLine(command).parseArgs(ARGS);
    assertThat(command.settings().postgresPassword()).isEqualTo("from-file");
    assertThat(command.settings().toString()).doesNotContain("from-file");
  }

  @Test
  void thePasswordVariableIsUsedWhenNoFileIsGiven() {
    CdcCommand command = new CdcCommand();
    command.env = Map.of("POSTGRES_PASSWORD", "from-env")::get;
    new CommandLine(command).parseArgs(ARGS);
    assertThat(command.settings().postgresPassword()).isEqualTo("from-env");
  }

  @Test
  void aBadJdbcUrlStopsAtStartNamingTheOption() {
    CdcCommand command = new CdcCommand();
    command.env = Map.of("POSTGRES_PASSWORD", "pw")::get;
    StringWriter err = new StringWriter();
    String[] args = ARGS.clone();
    args[3] = "postgres://127.0.0.1/deepalpha";
    int exit = new CommandLine(command).setErr(new PrintWriter(err)).execute(args);
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--postgres-jdbc-url");
  }

  @Test
  void aKafkaOutageLimitBelowOneSecondStopsAtStartNamingTheOption() {
    CdcCommand command = new CdcCommand();
    command.env = Map.of("POSTGRES_PASSWORD", "pw")::get;
    StringWriter err = new StringWriter();
    String[] args = java.util.Arrays.copyOf(ARGS, ARGS.length + 2);
    args[ARGS.length] = "--kafka-outage-limit";
    args[ARGS.length + 1] = "0";
    int exit = new CommandLine(command).setErr(new PrintWriter(err)).execute(args);
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--kafka-outage-limit: must be at least 1 second, got 0");
  }

  @Test
  void theKafkaOutageLimitDefaultsTo120Seconds() {
    CdcCommand command = new CdcCommand();
    new CommandLine(command).parseArgs(ARGS);
    assertThat(command.kafkaOutageLimit()).isEqualTo(java.time.Duration.ofSeconds(120));
  }
}
