package io.deepalpha.ingest.cli;

import io.deepalpha.ingest.venue.kraken.KrakenProtocol;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --kraken-protocol v2|V2|v1|V1}. */
final class KrakenProtocolConverter implements ITypeConverter<KrakenProtocol> {
  @Override
  public KrakenProtocol convert(String value) {
    try {
      return KrakenProtocol.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("expected V2 or V1, got '" + value + "'");
    }
  }
}
