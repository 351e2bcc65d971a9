package io.deepalpha.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A live command whose Kafka does not answer stops at start naming --bootstrap-servers, instead of
 * running a job that logs connection warnings forever. (Against a real broker the check passes in
 * every live IT: SessionClusterIT, SessionClusterStoresIT, PipelineProcessIT.)
 */
class BrokerCheckTest {

  @Test
  void spreadLiveWithoutABrokerStopsAtStartNamingTheOption() throws Exception {
    String nobody = "127.0.0.1:" + freePort();
    StringWriter err = new StringWriter();
    SpreadLiveCommand command = new SpreadLiveCommand();
    command.environment = Map.of(); // no stores switched on: nothing else to refuse

    int exit =
        new CommandLine(command)
            .setErr(new PrintWriter(err, true))
            .execute("--bootstrap-servers", nobody, "--config", "../configs/trading.yaml");

    assertThat(exit).isEqualTo(StartupException.EXIT_CODE);
    assertThat(err.toString())
        .startsWith(
            "spread-live cannot start: --bootstrap-servers "
                + nobody
                + ": no Kafka broker answered within 10 s (--skip-broker-check to submit anyway)");
  }

  @Test
  void skippedCheckPassesWithoutAsking() {
    BrokerCheck check = new BrokerCheck();
    check.skip = true;
    assertThat(check.passes("127.0.0.1:1", null, "spread-live")).isTrue();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
