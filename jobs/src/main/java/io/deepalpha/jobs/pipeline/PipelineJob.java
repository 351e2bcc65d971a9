package io.deepalpha.jobs.pipeline;

import io.deepalpha.jobs.risk.RiskJob;
import io.deepalpha.jobs.spread.SpreadJob;
import io.deepalpha.jobs.store.ExecutionResultsJob;
import io.deepalpha.jobs.store.ResultStores;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The whole Flink side of the pipeline as one job graph: SpreadJob, RiskJob, and the storing of
 * orders, fills and sampled quotes, with every result also stored in the {@link ResultStores} that
 * are on. One graph, so one process, one checkpoint and one savepoint cover all of it; the jobs
 * keep their own uids (spread-*, risk-*, exec-*, market-*), so each can still be run alone and its
 * state read from a pipeline savepoint.
 */
public final class PipelineJob {
  private final SpreadJob spread;
  private final RiskJob risk;
  private final ExecutionResultsJob execution;
  private final ResultStores stores;

  public PipelineJob(
      SpreadJob spread, RiskJob risk, ExecutionResultsJob execution, ResultStores stores) {
    this.spread = spread;
    this.risk = risk;
    this.execution = execution;
    this.stores = stores;
  }

  public void build(StreamExecutionEnvironment env) {
    stores.attach(spread.build(env));
    stores.attach(risk.build(env));
    execution.build(env);
  }
}
