package io.deepalpha.model.wire;

import io.deepalpha.model.EventType;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Trade;

/** One shared, thread-safe {@link WireCodec} per event type. */
public final class WireCodecs {

  private static final WireCodec<Quote> QUOTE = WireCodec.of(EventType.QUOTE);
  private static final WireCodec<Trade> TRADE = WireCodec.of(EventType.TRADE);
  private static final WireCodec<DeadLetter> DEAD_LETTER = WireCodec.of(EventType.DEAD_LETTER);
  private static final WireCodec<Signal> SIGNAL = WireCodec.of(EventType.SIGNAL);
  private static final WireCodec<RiskState> RISK_STATE = WireCodec.of(EventType.RISK_STATE);
  private static final WireCodec<Order> ORDER = WireCodec.of(EventType.ORDER);
  private static final WireCodec<Fill> FILL = WireCodec.of(EventType.FILL);
  private static final WireCodec<ConfigChange> CONFIG_CHANGE =
      WireCodec.of(EventType.CONFIG_CHANGE);

  private WireCodecs() {}

  public static WireCodec<Quote> quote() {
    return QUOTE;
  }

  public static WireCodec<Trade> trade() {
    return TRADE;
  }

  public static WireCodec<DeadLetter> deadLetter() {
    return DEAD_LETTER;
  }

  public static WireCodec<Signal> signal() {
    return SIGNAL;
  }

  public static WireCodec<RiskState> riskState() {
    return RISK_STATE;
  }

  public static WireCodec<Order> order() {
    return ORDER;
  }

  public static WireCodec<Fill> fill() {
    return FILL;
  }

  public static WireCodec<ConfigChange> configChange() {
    return CONFIG_CHANGE;
  }
}
