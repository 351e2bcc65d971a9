package io.deepalpha.executor.risk;

import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Venue;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * The rows of config.instruments and config.strategies the executor uses (docs/decisions/0002): per
 * instrument and venue the taker fee and whether it is enabled, per strategy and instrument whether
 * it is enabled and its {@code max_qty}. Rows not seen keep the defaults (enabled, the default fee,
 * no quantity limit). Executor thread only; config changes are rare, so they may allocate, but the
 * lookups the rules make per signal do not.
 */
public final class LiveConfig {
  private final Map<String, Double> takerFeeBps = new HashMap<>();
  private final Map<String, Boolean> enabled = new HashMap<>();
  // strategies.max_qty as an exact decimal {unscaled, scale}, compared without allocating.
  private final Map<String, long[]> maxQty = new HashMap<>();
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
          maxQty.remove(key);
        } else {
          enabled.put(key, !"false".equalsIgnoreCase(after.get("enabled")));
          putMaxQty(key, after.get("max_qty"));
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

  /**
   * A NULL or absent max_qty removes the limit; a value that is no decimal keeps the previous one
   * (the column is numeric in PostgreSQL, so this is a producer bug, not an operator's setting).
   */
  private void putMaxQty(String key, String text) {
    if (text == null) {
      maxQty.remove(key);
      return;
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text.strip()).stripTrailingZeros();
    } catch (NumberFormatException e) {
      return;
    }
    if (value.signum() <= 0) {
      maxQty.put(key, new long[] {0, 0}); // nothing may be traded
      return;
    }
    if (value.scale() < 0) {
      value = value.setScale(0);
    }
    if (value.unscaledValue().bitLength() > 62 || value.scale() > 36) {
      maxQty.remove(key); // beyond any tradable size or precision: no limit
      return;
    }
    maxQty.put(key, new long[] {value.unscaledValue().longValueExact(), value.scale()});
  }

  /**
   * Whether {@code qty} (a mantissa at {@code sizeScale}) exceeds strategies.max_qty of the key
   * ("strategies|xarb|BTC-USDT"). Exact decimal comparison, no allocation; false without a limit.
   */
  public boolean exceedsMaxQty(String strategyKey, long qty, int sizeScale) {
    long[] max = maxQty.get(strategyKey);
    if (max == null) {
      return false;
    }
    long unscaled = max[0];
    int scale = (int) max[1];
    if (scale <= sizeScale) {
      long factor = pow10OrZero(sizeScale - scale);
      if (factor == 0 || unscaled > Long.MAX_VALUE / factor) {
        return false; // the limit is beyond any long quantity at this scale
      }
      return qty > unscaled * factor;
    }
    long factor = pow10OrZero(scale - sizeScale);
    if (factor == 0 || qty > Long.MAX_VALUE / factor) {
      return true; // max_qty has more digits than the scale, and qty is enormous
    }
    return qty * factor > unscaled;
  }

  /** strategies.max_qty of the key in base units, NaN when there is none (for reasons, metrics). */
  public double maxQty(String strategyKey) {
    long[] max = maxQty.get(strategyKey);
    return max == null ? Double.NaN : max[0] / Math.pow(10, max[1]);
  }

  private static long pow10OrZero(int exponent) {
    long p = 1;
    for (int i = 0; i < exponent; i++) {
      if (p > Long.MAX_VALUE / 10) {
        return 0;
      }
      p *= 10;
    }
    return p;
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
