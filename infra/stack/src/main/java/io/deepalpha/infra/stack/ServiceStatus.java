package io.deepalpha.infra.stack;

import java.util.function.BooleanSupplier;

/** What {@code status} reports for one service. */
public record ServiceStatus(String name, State state, long pid, long rssBytes, String endpoint) {

  public enum State {
    READY,
    NOT_READY,
    STOPPED
  }

  static ServiceStatus stopped(String name) {
    return new ServiceStatus(name, State.STOPPED, 0, 0, "-");
  }

  static ServiceStatus of(String name, long pid, BooleanSupplier ready, String endpoint) {
    if (pid == 0) {
      return new ServiceStatus(name, State.STOPPED, 0, 0, endpoint);
    }
    State state = ready.getAsBoolean() ? State.READY : State.NOT_READY;
    return new ServiceStatus(name, state, pid, DetachedProcess.rssBytes(pid), endpoint);
  }
}
