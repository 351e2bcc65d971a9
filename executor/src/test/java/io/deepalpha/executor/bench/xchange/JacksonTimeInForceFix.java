package io.deepalpha.executor.bench.xchange;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.knowm.xchange.binance.dto.trade.TimeInForce;
import org.knowm.xchange.service.trade.TradeService;

/**
 * XChange 5.2.0 is built on Jackson 2.14; on the Jackson 2.18.2 this repository pins, it cannot
 * read Binance's new-order answer: {@code TimeInForce} inherits {@code @JsonTypeInfo(use = CLASS,
 * include = WRAPPER_OBJECT)} from XChange's {@code IOrderFlags}, and Jackson 2.18 applies it to the
 * enum's string ("need JSON Object to contain As.WRAPPER_OBJECT type information"). Downgrading
 * Jackson for the benchmark is not possible (the model needs 2.15+), so the comparison switches
 * that type information off with a mix-in on the ObjectMapper of XChange's REST proxy (rescu),
 * reached through reflection. It changes how one enum field is read, nothing on the request side.
 */
final class JacksonTimeInForceFix {
  @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
  private interface NoTypeInfo {}

  private JacksonTimeInForceFix() {}

  static void apply(TradeService trade) {
    try {
      Object proxy = field(trade, "binance");
      Object handler = Proxy.getInvocationHandler(proxy);
      Object resolver = field(handler, "responseReaderResolver");
      int patched = 0;
      for (Object reader : ((Map<?, ?>) field(resolver, "readers")).values()) {
        if (reader.getClass().getSimpleName().startsWith("Jackson")
            && field(reader, "objectMapper") instanceof ObjectMapper m) {
          m.addMixIn(TimeInForce.class, NoTypeInfo.class);
          patched++;
        }
      }
      if (patched == 0) {
        throw new NoSuchFieldException("no Jackson response reader in XChange's REST proxy");
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("XChange internals changed: " + e, e);
    }
  }

  private static Object field(Object target, String name) throws ReflectiveOperationException {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(name + " in " + target.getClass());
  }
}
