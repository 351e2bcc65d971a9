package io.deepalpha.model.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.model.SampleEvents;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordKeysTest {

  @Test
  void instrumentKeyIsTheCanonicalNameInUtf8() {
    assertThat(RecordKeys.instrumentKey("BTC-USDT"))
        .isEqualTo(new byte[] {'B', 'T', 'C', '-', 'U', 'S', 'D', 'T'});
  }

  @Test
  void keyOfARecordFollowsItsTopicContract() {
    assertThat(RecordKeys.keyOf(SampleEvents.binanceQuote())).isEqualTo("BTC-USDT");
    assertThat(RecordKeys.keyOf(SampleEvents.riskState())).isEqualTo("INSTRUMENT:BTC-USDT");
    assertThat(RecordKeys.keyBytesOf(SampleEvents.okxDeadLetter()))
        .isEqualTo("OKX".getBytes(StandardCharsets.UTF_8));
  }
}
