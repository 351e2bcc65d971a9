package io.deepalpha.executor.risk;

import io.deepalpha.model.event.Signal;

/**
 * One named pre-trade check. Rules read state owned by the executor thread and never allocate; a
 * rule that refuses fills the {@link Verdict} and returns false.
 */
public interface PreTradeRule {

  /**
   * @param nowUs wall-clock time, epoch microseconds, read once per duty cycle
   * @return true when the signal passes this rule
   */
  boolean check(Signal signal, long nowUs, Verdict verdict);
}
