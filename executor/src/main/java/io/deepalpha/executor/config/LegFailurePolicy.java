package io.deepalpha.executor.config;

/** What to do when one leg of a signal filled and the other did not (LEG_FAILURE_POLICY). */
public enum LegFailurePolicy {
  /** Close the filled quantity with an IOC on the same venue, opposite side. */
  UNWIND,
  /** Keep the position; the leg stays flagged in metrics and exec.orders. */
  HOLD
}
