package io.deepalpha.executor.core;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.IdleStrategy;

/**
 * The configured idle strategy while Kafka answers; while it does not, a cycle without work parks 1
 * ms whatever was configured — a busy-spinning or yielding thread would burn its core for an
 * executor that cannot receive a signal. Venue answers of orders in flight still arrive within a
 * millisecond.
 */
public final class OutageIdleStrategy implements IdleStrategy {
  private static final long OUTAGE_PARK_NS = 1_000_000L;

  private final IdleStrategy delegate;
  private final BooleanSupplier kafkaConnected;

  public OutageIdleStrategy(IdleStrategy delegate, BooleanSupplier kafkaConnected) {
    this.delegate = delegate;
    this.kafkaConnected = kafkaConnected;
  }

  @Override
  public void idle(int workCount) {
    if (workCount <= 0 && !kafkaConnected.getAsBoolean()) {
      LockSupport.parkNanos(OUTAGE_PARK_NS);
      return;
    }
    delegate.idle(workCount);
  }

  @Override
  public void idle() {
    if (!kafkaConnected.getAsBoolean()) {
      LockSupport.parkNanos(OUTAGE_PARK_NS);
      return;
    }
    delegate.idle();
  }

  @Override
  public void reset() {
    delegate.reset();
  }

  @Override
  public String alias() {
    return "outage-" + delegate.alias();
  }
}
