package io.deepalpha.model.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Nobody listening: the check says why within its bound. (A real broker answers in every command's
 * integration test: ingest run and cdc, the jobs' live commands, events tail and publish.)
 */
class BrokersTest {

  @Test
  void noBrokerAtTheAddressIsReportedWithTheCause() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    assertThat(Brokers.unreachable("127.0.0.1:" + port, Duration.ofSeconds(2)))
        .hasValueSatisfying(why -> assertThat(why).contains("Timeout"));
  }
}
