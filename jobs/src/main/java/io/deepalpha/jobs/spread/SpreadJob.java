package io.deepalpha.jobs.spread;

import io.deepalpha.jobs.config.ConfigBroadcast;
import io.deepalpha.jobs.config.TradingConfig;
import io.deepalpha.jobs.late.LateEvent;
import io.deepalpha.jobs.time.ConfigWatermarks;
import io.deepalpha.jobs.time.QuoteWatermarks;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * SpreadJob: quotes (keyed by instrument) joined with broadcast live config, evaluated in event
 * time by {@link SpreadFunction}; signals to the signal sink, spread statistics and late quotes to
 * theirs. The sources and sinks are parameters, so the same topology runs live (Kafka) and as a
 * replay (JSON lines files) and gives the same signals.
 *
 * <p>The uids below are part of the savepoint format: never change or reuse one.
 */
public final class SpreadJob {
  public static final String QUOTES_SOURCE = "spread-quotes-source";
  public static final String CONFIG_SOURCE = "spread-config-source";
  public static final String EVALUATOR = "spread-evaluator";
  public static final String SIGNALS_SINK = "spread-signals-sink";
  public static final String STATS_SINK = "spread-stats-sink";
  public static final String LATE_SINK = "spread-late-sink";

  /** Every uid of the job graph. */
  public static final List<String> UIDS =
      List.of(QUOTES_SOURCE, CONFIG_SOURCE, EVALUATOR, SIGNALS_SINK, STATS_SINK, LATE_SINK);

  private final Source<Quote, ?, ?> quotes;
  private final Source<ConfigChange, ?, ?> config;
  private final Sink<Signal> signals;
  private final Sink<SpreadStat> stats;
  private final Sink<LateEvent> late;
  private final TradingConfig defaults;
  private final SpreadSettings settings;

  public SpreadJob(
      Source<Quote, ?, ?> quotes,
      Source<ConfigChange, ?, ?> config,
      Sink<Signal> signals,
      Sink<SpreadStat> stats,
      Sink<LateEvent> late,
      TradingConfig defaults,
      SpreadSettings settings) {
    this.quotes = quotes;
    this.config = config;
    this.signals = signals;
    this.stats = stats;
    this.late = late;
    this.defaults = defaults;
    this.settings = settings;
  }

  /** The job's result streams, for callers that store them somewhere else too (databases). */
  public record Outputs(
      DataStream<Signal> signals, DataStream<SpreadStat> stats, DataStream<LateEvent> late) {}

  /**
   * Adds the job's operators to {@code env}. Sources and sinks run at the environment's parallelism
   * (1 for file replays), the evaluator at {@link SpreadSettings#parallelism()}.
   */
  public Outputs build(StreamExecutionEnvironment env) {
    DataStream<Quote> quoteStream =
        env.fromSource(
                quotes,
                QuoteWatermarks.boundedWithIdleness(settings.watermarkBound(), settings.idleness()),
                "md.quotes")
            .uid(QUOTES_SOURCE);
    BroadcastStream<ConfigChange> configStream =
        env.fromSource(config, ConfigWatermarks.neverHoldBack(), "config.*")
            .uid(CONFIG_SOURCE)
            .setParallelism(1)
            .broadcast(ConfigBroadcast.ROWS);

    SingleOutputStreamOperator<Signal> evaluated =
        quoteStream
            .keyBy(new InstrumentOf())
            .connect(configStream)
            .process(new SpreadFunction(defaults, settings.statInterval().toMillis() * 1_000L))
            .uid(EVALUATOR)
            .name("spread evaluator")
            .setParallelism(settings.parallelism());

    DataStream<SpreadStat> statStream = evaluated.getSideOutput(SpreadFunction.STATS);
    DataStream<LateEvent> lateStream = evaluated.getSideOutput(SpreadFunction.LATE);
    evaluated.sinkTo(signals).uid(SIGNALS_SINK).name("signals");
    statStream.sinkTo(stats).uid(STATS_SINK).name("spread stats");
    lateStream.sinkTo(late).uid(LATE_SINK).name("late quotes");
    return new Outputs(evaluated, statStream, lateStream);
  }

  /** Key of a quote: its canonical instrument. */
  public static final class InstrumentOf implements KeySelector<Quote, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Quote quote) {
      return quote.getInstrument();
    }
  }
}
