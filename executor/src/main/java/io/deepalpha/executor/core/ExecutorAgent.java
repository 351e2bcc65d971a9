package io.deepalpha.executor.core;

import io.deepalpha.executor.journal.JournalFullException;
import io.deepalpha.executor.kafka.KafkaInbound;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;

/**
 * The executor thread's duty cycle: read the clocks once, then a short list of named steps. Each
 * step returns how much it did; zero work lets the idle strategy spin, yield or park.
 */
public final class ExecutorAgent implements Agent {
  private final ExecutionEngine engine;
  private final KafkaInbound inbound;
  private volatile boolean stoppedOnFullJournal;

  public ExecutorAgent(ExecutionEngine engine, KafkaInbound inbound) {
    this.engine = engine;
    this.inbound = inbound;
  }

  @Override
  public int doWork() {
    long nowNs = System.nanoTime();
    long nowUs = System.currentTimeMillis() * 1000;
    boolean kafka = inbound.pollDue(nowNs); // every cycle, unless Kafka is unreachable
    int work = engine.applyReloadedLimits();
    if (kafka) {
      work += inbound.pollState(engine, nowUs);
    }
    work += engine.pollVenues(nowNs);
    if (kafka) {
      try {
        work += inbound.pollSignals(engine, nowNs, nowUs);
      } catch (JournalFullException e) {
        // No outcome can be recorded: stop before consuming more. The offsets are committed up to
        // the last signal with an outcome, not beyond.
        stoppedOnFullJournal = true;
        throw new AgentTerminationException(e);
      }
    }
    return work;
  }

  /** True once the thread stopped because the journal had no room for another outcome. */
  public boolean stoppedOnFullJournal() {
    return stoppedOnFullJournal;
  }

  @Override
  public void onClose() {
    inbound.close();
  }

  @Override
  public String roleName() {
    return "executor";
  }
}
