package io.deepalpha.jobs.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.Test;

class WireSchemasTest {

  @Test
  void quoteSurvivesFlinkSerializationAndDeserializationSchemas() throws Exception {
    Quote quote = Fixtures.quote(Venue.OKX, 3, 432_511_000L, 432_512_000L);
    byte[] bytes = new WireSerializationSchema<>(Quote.class).serialize(quote);

    Quote back = new WireDeserializationSchema<>(Quote.class).deserialize(bytes);

    assertThat(back).isEqualTo(quote);
  }

  @Test
  void producedTypeIsAvroSoStateNeverFallsBackToKryo() throws Exception {
    TypeInformation<Signal> type = new WireDeserializationSchema<>(Signal.class).getProducedType();
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);

    TypeSerializer<Signal> serializer = type.createSerializer(config);

    assertThat(type).isInstanceOf(AvroTypeInfo.class);
    assertThat(serializer).isInstanceOf(AvroSerializer.class);
  }

  @Test
  void flinkAvroSerializerCopiesAQuoteExactly() throws Exception {
    TypeSerializer<Quote> serializer =
        new WireDeserializationSchema<>(Quote.class)
            .getProducedType()
            .createSerializer(new SerializerConfigImpl());
    Quote quote = Fixtures.quote(Venue.BINANCE, 9, 432_500_100L, 432_500_200L);
    DataOutputSerializer out = new DataOutputSerializer(256);

    serializer.serialize(quote, out);
    Quote back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(back).isEqualTo(quote);
    assertThat(back.getBidPrice()).isEqualTo(432_500_100L);
  }
}
