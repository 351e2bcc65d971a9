package io.deepalpha.executor;

import java.lang.reflect.Proxy;

/**
 * SIGHUP reloads the limits, as POST /admin/reload-config does. sun.misc.Signal (jdk.unsupported)
 * is reached by reflection: it is the JDK's only signal API and javac warns on direct use.
 */
final class SighupReload {
  private SighupReload() {}

  static boolean install(Runnable reload) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
      Object handler =
          Proxy.newProxyInstance(
              SighupReload.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  reload.run();
                }
                return null;
              });
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
      return true;
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      // No SIGHUP here (or a JDK without jdk.unsupported): the HTTP endpoint remains.
      return false;
    }
  }
}
