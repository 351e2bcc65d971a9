package io.deepalpha.jobs.spread;

import io.deepalpha.jobs.config.ConfigBroadcast;
import io.deepalpha.jobs.config.TradingConfig;
import io.deepalpha.jobs.late.LateEvent;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.wire.WireCodec;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;

/** Drives {@link SpreadFunction} through Flink's keyed broadcast operator harness. */
public final class SpreadHarness implements AutoCloseable {
  final KeyedBroadcastOperatorTestHarness<String, Quote, ConfigChange, Signal> harness;

  public SpreadHarness(TradingConfig config) throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new SpreadFunction(config, 1_000_000L),
            Quote::getInstrument,
            Types.STRING,
            ConfigBroadcast.ROWS);
    // The config input never holds back event time (as ConfigWatermarks does in the job).
    harness.processBroadcastWatermark(Long.MAX_VALUE);
  }

  public void quote(Quote quote) throws Exception {
    harness.processElement(quote, Math.floorDiv(quote.getExchangeTimeUs(), 1_000L));
  }

  void config(ConfigChange change) throws Exception {
    harness.processBroadcastElement(change, 0L);
  }

  public void watermarkUs(long timeUs) throws Exception {
    harness.processWatermark(Math.floorDiv(timeUs, 1_000L));
  }

  public List<Signal> signals() {
    return harness.extractOutputValues();
  }

  /** Signals in the binary wire format, concatenated: "byte-identical" made literal. */
  byte[] signalBytes() {
    WireCodec<Signal> codec = WireCodec.of(Signal.class);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Signal s : signals()) {
      out.writeBytes(codec.encode(s));
    }
    return out.toByteArray();
  }

  List<LateEvent> late() {
    return sideOutput(SpreadFunction.LATE);
  }

  List<SpreadStat> stats() {
    return sideOutput(SpreadFunction.STATS);
  }

  private <T> List<T> sideOutput(OutputTag<T> tag) {
    var records = harness.getSideOutput(tag);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  int keyedStateEntries() {
    AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getTwoInputOperator();
    return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
  }

  int timers() {
    return harness.numEventTimeTimers();
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }
}
