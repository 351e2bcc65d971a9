package io.deepalpha.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code events} without a broker: it stops with a message naming the address, not a hang. */
class EventsCliTest {

  @Test
  void tailAndPublishStopNamingTheAddressWhenNoBrokerAnswers() throws Exception {
    String nobody = "127.0.0.1:" + freePort();
    for (String[] args :
        new String[][] {
          {"tail", "signals", "--bootstrap", nobody},
          {"publish", "signals", "--bootstrap", nobody}
        }) {
      StringWriter err = new StringWriter();
      CommandLine cli = EventsCli.commandLine();
      cli.setErr(new PrintWriter(err, true));

      int exit = cli.execute(args);

      assertThat(exit).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString())
          .startsWith("error: no Kafka broker answers at " + nobody + " within 5 s")
          .contains("bin/deepalpha stack up")
          .doesNotContain("\tat ");
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
