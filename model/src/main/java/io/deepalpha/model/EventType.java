package io.deepalpha.model;

import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Trade;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The event types of the wire contract: the record class, its JSON-lines discriminator, and how its
 * Kafka key is derived (BRIEF section 3). The one list every generic tool walks.
 *
 * @param <T> the generated Avro record class
 */
public final class EventType<T extends SpecificRecord> {

  public static final EventType<Quote> QUOTE =
      new EventType<>(
          "quote", Quote.class, Quote.getClassSchema(), Quote::new, Quote::getInstrument);
  public static final EventType<Trade> TRADE =
      new EventType<>(
          "trade", Trade.class, Trade.getClassSchema(), Trade::new, Trade::getInstrument);
  public static final EventType<DeadLetter> DEAD_LETTER =
      new EventType<>(
          "deadLetter",
          DeadLetter.class,
          DeadLetter.getClassSchema(),
          DeadLetter::new,
          DeadLetter::getSource);
  public static final EventType<Signal> SIGNAL =
      new EventType<>(
          "signal", Signal.class, Signal.getClassSchema(), Signal::new, Signal::getInstrument);
  public static final EventType<RiskState> RISK_STATE =
      new EventType<>(
          "riskState",
          RiskState.class,
          RiskState.getClassSchema(),
          RiskState::new,
          r -> r.getScope() + ":" + r.getScopeKey());
  public static final EventType<Order> ORDER =
      new EventType<>(
          "order", Order.class, Order.getClassSchema(), Order::new, Order::getInstrument);
  public static final EventType<Fill> FILL =
      new EventType<>("fill", Fill.class, Fill.getClassSchema(), Fill::new, Fill::getInstrument);
  public static final EventType<ConfigChange> CONFIG_CHANGE =
      new EventType<>(
          "configChange",
          ConfigChange.class,
          ConfigChange.getClassSchema(),
          ConfigChange::new,
          ConfigChange::getKey);

  private static final List<EventType<?>> ALL =
      List.of(QUOTE, TRADE, DEAD_LETTER, SIGNAL, RISK_STATE, ORDER, FILL, CONFIG_CHANGE);

  private final String jsonName;
  private final Class<T> recordClass;
  private final Schema schema;
  private final Supplier<T> factory;
  private final Function<T, String> key;

  private EventType(
      String jsonName,
      Class<T> recordClass,
      Schema schema,
      Supplier<T> factory,
      Function<T, String> key) {
    this.jsonName = jsonName;
    this.recordClass = recordClass;
    this.schema = schema;
    this.factory = factory;
    this.key = key;
  }

  /** Every event type, in the order of BRIEF section 3. */
  public static List<EventType<?>> all() {
    return ALL;
  }

  /** The type whose JSON-lines discriminator is {@code jsonName}, e.g. "quote". */
  public static Optional<EventType<?>> byJsonName(String jsonName) {
    return ALL.stream().filter(t -> t.jsonName.equals(jsonName)).findFirst();
  }

  /** The type of {@code record}; empty for records that are not part of the wire contract. */
  public static Optional<EventType<?>> of(SpecificRecord record) {
    return ALL.stream().filter(t -> t.recordClass == record.getClass()).findFirst();
  }

  /** The event type of {@code record}; a record outside the contract is a programming error. */
  public static EventType<?> require(SpecificRecord record) {
    return of(record)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    record.getClass().getName() + " is not an event type of the contract"));
  }

  /** The JSON-lines "type" value: the record name in lower camel case. */
  public String jsonName() {
    return jsonName;
  }

  public Class<T> recordClass() {
    return recordClass;
  }

  /** The current (newest) schema. */
  public Schema schema() {
    return schema;
  }

  /** An empty record to fill in. */
  public T newRecord() {
    return factory.get();
  }

  /**
   * The Kafka key of {@code record} per the wire contract: the instrument for market and execution
   * events, the source for dead letters, "scope:scopeKey" for risk states, the row key for config.
   */
  public String keyOf(T record) {
    return key.apply(record);
  }

  @Override
  public String toString() {
    return jsonName;
  }
}
