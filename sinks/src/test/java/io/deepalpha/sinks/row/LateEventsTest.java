package io.deepalpha.sinks.row;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.model.event.Quote;
import io.deepalpha.model.json.JsonLines;
import io.deepalpha.sinks.SampleRows;
import org.junit.jupiter.api.Test;

class LateEventsTest {

  @Test
  void aLateQuoteKeepsItsTopicKeyTimesAndTheWholeEventAsJson() {
    Quote q = new SampleRows("late").quote(3);

    LateEvent e = LateEvents.of(q, 1_718_000_009_000_000L);

    assertThat(e.getSource()).isEqualTo("md.quotes");
    assertThat(e.getKey()).isEqualTo("LATE-USDT");
    assertThat(e.getEventTimeUs()).isEqualTo(q.getExchangeTimeUs());
    assertThat(e.getReceiveTimeNs()).isEqualTo(q.getReceiveTimeNs());
    assertThat(e.getWatermarkUs()).isEqualTo(1_718_000_009_000_000L);
    assertThat(JsonLines.parseLine(e.getPayloadJson(), Quote.class)).isEqualTo(q);
  }
}
