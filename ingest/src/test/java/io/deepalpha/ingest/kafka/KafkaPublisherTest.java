package io.deepalpha.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.junit.jupiter.api.Test;

class KafkaPublisherTest {

  @Test
  void recordsTheBrokerDidNotStoreAreSentAgain() {
    assertThat(KafkaPublisher.notStored(new TimeoutException("expired in accumulator"))).isTrue();
    assertThat(KafkaPublisher.notStored(new NetworkException("disconnected"))).isTrue();
    assertThat(KafkaPublisher.notStored(new OutOfOrderSequenceException("lost state"))).isTrue();
    assertThat(KafkaPublisher.notStored(new UnknownProducerIdException("unknown pid"))).isTrue();
  }

  @Test
  void recordsThatCanNeverBeStoredAreNotSentAgain() {
    assertThat(KafkaPublisher.notStored(new RecordTooLargeException("too large"))).isFalse();
    assertThat(KafkaPublisher.notStored(new SerializationException("bad"))).isFalse();
  }
}
