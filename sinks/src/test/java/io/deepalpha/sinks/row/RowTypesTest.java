package io.deepalpha.sinks.row;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.Venue;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The row types the jobs produce must be Flink POJOs, so they work without Kryo. */
class RowTypesTest {

  static Stream<Object> rows() {
    return Stream.of(
        new SpreadStat(
            "BTC-USDT",
            Venue.BINANCE,
            Venue.OKX,
            1_718_000_000_000_000L,
            1_718_000_001_000_000L,
            -12.5,
            7.25,
            3.0,
            420,
            77),
        new LateEvent(
            "md.quotes",
            "BTC-USDT",
            1_718_000_000_123_456L,
            1_718_000_002_000_000L,
            1_718_000_003_000_000_001L,
            "{\"type\":\"quote\"}"),
        new RiskMetric(
            RiskScope.INSTRUMENT,
            "BTC-USDT",
            "BINANCE",
            "volatility_bps",
            61.2,
            1_718_000_060_000_000L),
        new RiskMetric(
            RiskScope.STRATEGY, "xarb", null, "drawdown", 120.5, 1_718_000_060_000_000L));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void isAFlinkPojoThatRoundTripsWithoutGenericTypes(Object row) throws Exception {
    TypeInformation<Object> info = TypeInformation.of(rowClass(row));
    assertThat(info).isInstanceOf(PojoTypeInfo.class);

    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    TypeSerializer<Object> serializer = info.createSerializer(config);
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(row, out);
    Object copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(copy).isNotSameAs(row).isEqualTo(row);
  }

  @SuppressWarnings("unchecked")
  private static Class<Object> rowClass(Object row) {
    return (Class<Object>) row.getClass();
  }
}
