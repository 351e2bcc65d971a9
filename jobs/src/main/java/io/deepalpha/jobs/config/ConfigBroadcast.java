package io.deepalpha.jobs.config;

import io.deepalpha.model.event.ConfigChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Live config in Flink broadcast state: the last accepted {@link ConfigChange} per table row (Avro,
 * so the state evolves with the schema). The effective config is the defaults with these changes
 * applied in version order; operators cache it and rebuild it after a restore.
 */
public final class ConfigBroadcast {
  public static final MapStateDescriptor<String, ConfigChange> ROWS =
      new MapStateDescriptor<>("config-rows", Types.STRING, new AvroTypeInfo<>(ConfigChange.class));

  private ConfigBroadcast() {}

  /** Defaults plus every change held in broadcast state. */
  public static TradingConfig rebuild(
      TradingConfig defaults, ReadOnlyBroadcastState<String, ConfigChange> rows) throws Exception {
    List<ConfigChange> changes = new ArrayList<>();
    for (Map.Entry<String, ConfigChange> row : rows.immutableEntries()) {
      changes.add(row.getValue());
    }
    changes.sort(Comparator.comparingLong(ConfigChange::getVersion));
    TradingConfig config = defaults;
    for (ConfigChange change : changes) {
      config = config.apply(change);
    }
    return config;
  }

  /**
   * Applies a change to {@code current} and, if it is valid, records it in broadcast state. An
   * invalid change throws {@link ConfigException} and leaves both untouched.
   */
  public static TradingConfig accept(
      TradingConfig current, ConfigChange change, BroadcastState<String, ConfigChange> rows)
      throws Exception {
    TradingConfig next = current.apply(change);
    if (next != current) {
      rows.put(change.getTable() + "|" + change.getKey(), change);
    }
    return next;
  }
}
