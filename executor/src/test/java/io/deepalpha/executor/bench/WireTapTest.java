package io.deepalpha.executor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.executor.bench.WireTap.RequestSplitter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTapTest {
  private static final String ORDER =
      "POST /api/v3/order HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n"
          + "symbol=BTCUSDT&newClientOrderId=dab&x=1";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void headersAndBodyInTwoReadsAreOneRequestTimedAtItsFirstByte() {
    RequestSplitter splitter = new RequestSplitter();
    int split = ORDER.indexOf("symbol");
    byte[] head = bytes(ORDER.substring(0, split));
    byte[] body = bytes(ORDER.substring(split) + "\n");

    assertThat(splitter.feed(head, head.length, 100)).isEmpty();
    List<RequestSplitter.Request> done = splitter.feed(body, body.length, 250);

    assertThat(done).hasSize(1);
    assertThat(done.get(0).firstByteNs()).isEqualTo(100);
    assertThat(done.get(0).line()).isEqualTo("POST /api/v3/order HTTP/1.1");
    assertThat(done.get(0).newClientOrderId()).isEqualTo("dab");
  }

  @Test
  void twoRequestsInOneReadAreBothFoundAndAClientIdInTheQueryStringCounts() {
    String query = "POST /api/v3/order?newClientOrderId=q7&signature=ab HTTP/1.1\r\n\r\n";
    byte[] both = bytes(ORDER + "\n" + query);

    List<RequestSplitter.Request> done = new RequestSplitter().feed(both, both.length, 5);

    assertThat(done)
        .extracting(RequestSplitter.Request::newClientOrderId)
        .containsExactly("dab", "q7");
  }

  @Test
  void aRequestWithoutClientIdHasNone() {
    byte[] get = bytes("GET /api/v3/time HTTP/1.1\r\nHost: x\r\n\r\n");

    List<RequestSplitter.Request> done = new RequestSplitter().feed(get, get.length, 1);

    assertThat(done).hasSize(1);
    assertThat(done.get(0).newClientOrderId()).isNull();
  }
}
