package io.deepalpha.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.wire.RecordKeys;
import io.deepalpha.model.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EventKafkaSinkTest {
  @Test
  void recordHasTheContractKeyTheWireValueAndNoEventTimestamp() throws Exception {
    Quote quote = SpreadFixtures.flat(Venue.OKX, 0, 1);
    EventKafkaSink.ContractRecords<Quote> records =
        new EventKafkaSink.ContractRecords<>("md.quotes", Quote.class);
    records.open(null, null);

    // Flink passes the element's event time, a year before the test ran.
    ProducerRecord<byte[], byte[]> record =
        records.serialize(quote, null, SpreadFixtures.BEGINNING_US / 1_000L);

    assertThat(record.topic()).isEqualTo("md.quotes");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("BTC-USDT");
    assertThat(record.key()).isEqualTo(RecordKeys.keyBytesOf(quote));
    assertThat(WireCodec.of(Quote.class).decode(record.value())).isEqualTo(quote);
    // No timestamp: the producer stamps its own clock, so retention does not delete the record.
    assertThat(record.timestamp()).isNull();
    assertThat(record.partition()).isNull();
  }
}
