package io.deepalpha.model.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepalpha.model.EventType;
import io.deepalpha.model.SampleEvents;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WireCodecTest {

  static List<SpecificRecord> samples() {
    return SampleEvents.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyEventTypeRoundTripsExactly(SpecificRecord sample) {
    SpecificRecord decoded = roundTrip(EventType.of(sample).orElseThrow(), sample);

    assertThat(decoded).isNotSameAs(sample).isEqualTo(sample);
  }

  @Test
  void bytesAreSingleObjectEncodedWithTheCurrentSchemaFingerprint() {
    byte[] bytes = WireCodecs.quote().encode(SampleEvents.binanceQuote());

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(WireCodec.fingerprintOf(bytes))
        .isEqualTo(SchemaNormalization.parsingFingerprint64(Quote.getClassSchema()));
  }

  @Test
  void decodeFillsTheRecordGivenForReuse() {
    Quote reuse = SampleEvents.binanceQuote();
    reuse.setBidPrice(1L);
    Quote next = SampleEvents.binanceQuote();
    next.setSequence(next.getSequence() + 1);

    Quote decoded = WireCodecs.quote().decode(WireCodecs.quote().encode(next), reuse);

    assertThat(decoded).isSameAs(reuse).isEqualTo(next);
  }

  @Test
  void streamEncodingWritesTheSameBytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WireCodecs.trade().encode(SampleEvents.krakenTrade(), out);

    assertThat(out.toByteArray()).isEqualTo(WireCodecs.trade().encode(SampleEvents.krakenTrade()));
  }

  @Test
  void sharedCodecsCoverEveryTypeAndKnowTheirVersion() {
    assertThat(
            List.of(
                WireCodecs.quote(),
                WireCodecs.trade(),
                WireCodecs.deadLetter(),
                WireCodecs.signal(),
                WireCodecs.riskState(),
                WireCodecs.order(),
                WireCodecs.fill(),
                WireCodecs.configChange()))
        .extracting(c -> c.type().getSimpleName() + " v" + c.version())
        .containsExactly(
            "Quote v2",
            "Trade v1",
            "DeadLetter v1",
            "Signal v1",
            "RiskState v1",
            "Order v1",
            "Fill v1",
            "ConfigChange v1");
    assertThat(WireCodecs.quote().schema()).isEqualTo(Quote.getClassSchema());
  }

  @Test
  void unknownFingerprintNamesTheTypeAndTheFingerprint() {
    byte[] bytes = WireCodecs.quote().encode(SampleEvents.binanceQuote());
    bytes[2] ^= 0x5A;
    String fingerprint = String.format("0x%016x", WireCodec.fingerprintOf(bytes));

    assertThatThrownBy(() -> WireCodecs.quote().decode(bytes))
        .isInstanceOf(WireFormatException.class)
        .hasMessageStartingWith(
            "cannot decode Quote: unknown writer schema fingerprint " + fingerprint)
        .hasMessageContaining("this reader knows v1 0x")
        .hasMessageContaining(", v2 0x")
        .hasCauseInstanceOf(MissingSchemaException.class);
  }

  @Test
  void bytesOfAnotherTypeAreRejectedAsAnUnknownSchema() {
    byte[] tradeBytes = WireCodecs.trade().encode(SampleEvents.krakenTrade());

    assertThatThrownBy(() -> WireCodecs.quote().decode(tradeBytes))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining(
            String.format(
                "unknown writer schema fingerprint 0x%016x",
                SchemaNormalization.parsingFingerprint64(Trade.getClassSchema())));
  }

  @Test
  void bytesWithoutTheHeaderAreRejected() {
    byte[] json = "{\"venue\":\"BINANCE\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> WireCodecs.quote().decode(json))
        .isInstanceOf(WireFormatException.class)
        .hasMessageStartingWith("not a single-object encoded Quote: ");
  }

  @Test
  void truncatedBytesAreRejected() {
    byte[] bytes = WireCodecs.quote().encode(SampleEvents.binanceQuote());
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);

    assertThatThrownBy(() -> WireCodecs.quote().decode(truncated))
        .isInstanceOf(WireFormatException.class)
        .hasMessage("corrupt or truncated Quote (" + truncated.length + " bytes)");
  }

  @Test
  void sharedCodecIsSafeToUseFromSeveralThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long offset = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    Quote quote = SampleEvents.binanceQuote();
                    quote.setSequence(offset * 1_000_000 + i);
                    if (!WireCodecs.quote()
                        .decode(WireCodecs.quote().encode(quote))
                        .equals(quote)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T extends SpecificRecord> T roundTrip(EventType<T> type, SpecificRecord record) {
    WireCodec<T> codec = WireCodec.of(type);
    return codec.decode(codec.encode(type.recordClass().cast(record)));
  }
}
