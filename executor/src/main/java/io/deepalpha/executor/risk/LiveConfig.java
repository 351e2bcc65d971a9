package io.deepalpha.executor.risk;

import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Venue;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * The rows of config.instruments and config.strategies the executor uses (docs/decisions/0002): per
 * instrument and venue the taker fee and whether it is enabled, per strategy and instrument whether
 * it is enabled. Rows not seen keep the defaults (enabled, the default fee). Executor thread only;
 * config changes are rare, so they may allocate.
 */
public final class LiveConfig {
  private final Map<String, Double> takerFeeBps = new HashMap<>();
  private final Map<String, Boolean> enabled = new HashMap<>();
  private final double defaultTakerFeeBps;
  private long version;

  public LiveConfig(double defaultTakerFeeBps) {
    this.defaultTakerFeeBps = defaultTakerFeeBps;
  }

  /** Applies a change if it is newer than what was applied; returns whether it was used. */
  public boolean onConfigChange(ConfigChange change) {
    Map<String, String> after = change.getAfter();
    String key = change.getTable() + "|" + change.getKey();
    switch (change.getTable()) {
      case "instruments" -> {
        if (after == null) {
          takerFeeBps.remove(change.getKey());
          enabled.remove(key);
        } else {
          String fee = after.get("taker_fee_bps");
          if (fee != null) {
            takerFeeBps.put(change.getKey(), new BigDecimal(fee).doubleValue());
          }
          enabled.put(key, !"false".equalsIgnoreCase(after.get("enabled")));
        }
      }
      case "strategies" -> {
        if (after == null) {
          enabled.remove(key);
        } else {
          enabled.put(key, !"false".equalsIgnoreCase(after.get("enabled")));
        }
      }
      default -> {
        return false;
      }
    }
    version = Math.max(version, change.getVersion());
    return true;
  }

  /** Taker fee of the instrument on the venue, bps. Looks up "instrument|VENUE". */
  public double takerFeeBps(String instrumentVenueKey) {
    Double fee = takerFeeBps.get(instrumentVenueKey);
    return fee == null ? defaultTakerFeeBps : fee;
  }

  public boolean enabled(String tableAndKey) {
    return !Boolean.FALSE.equals(enabled.get(tableAndKey));
  }

  public long version() {
    return version;
  }

  /** "instruments|BTC-USDT|BINANCE" keys, precomputed per instrument so lookups do not concat. */
  public static String instrumentKey(String instrument, Venue venue) {
    return "instruments|" + instrument + "|" + venue;
  }

  public static String feeKey(String instrument, Venue venue) {
    return instrument + "|" + venue;
  }

  public static String strategyKey(String strategy, String instrument) {
    return "strategies|" + strategy + "|" + instrument;
  }
}
