package io.deepalpha.model.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.model.SampleEvents;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.wire.WireCodec;
import org.junit.jupiter.api.Test;

class WireSerdeTest {

  @Test
  void serializerWritesTheWireFormatAndDeserializerReadsItBack() {
    WireSerde<Signal> serde = WireSerde.of(Signal.class);
    Signal signal = SampleEvents.signal();

    byte[] bytes = serde.serializer().serialize("signals", signal);

    assertThat(bytes).isEqualTo(WireCodec.of(Signal.class).encode(signal));
    assertThat(serde.deserializer().deserialize("signals", bytes)).isEqualTo(signal);
  }

  @Test
  void tombstoneStaysNullBothWays() {
    WireSerde<Signal> serde = WireSerde.of(Signal.class);

    assertThat(serde.serializer().serialize("signals", null)).isNull();
    assertThat(serde.deserializer().deserialize("signals", null)).isNull();
  }
}
