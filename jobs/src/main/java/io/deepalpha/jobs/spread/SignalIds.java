package io.deepalpha.jobs.spread;

import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Venue;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic signal ids: a name-based UUID of the opportunity, the triggering quote and the
 * config version. A replay or a restart that re-processes the same quotes produces the same id, so
 * the executor's duplicate check makes at-least-once delivery harmless.
 */
public final class SignalIds {
  private SignalIds() {}

  public static String of(
      String instrument, Venue buy, Venue sell, Quote trigger, long configVersion) {
    String name =
        instrument
            + '|'
            + buy.name()
            + '|'
            + sell.name()
            + '|'
            + trigger.getVenue().name()
            + '|'
            + trigger.getConnectionId()
            + '|'
            + trigger.getSequence()
            + '|'
            + trigger.getExchangeTimeUs()
            + '|'
            + configVersion;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
