package io.deepalpha.jobs.risk;

import io.deepalpha.jobs.config.ConfigBroadcast;
import io.deepalpha.jobs.config.TradingConfig;
import io.deepalpha.jobs.late.LateEvent;
import io.deepalpha.jobs.time.ConfigWatermarks;
import io.deepalpha.jobs.time.QuoteWatermarks;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Trade;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * RiskJob: sliding event-time windows of market statistics per instrument/venue (quotes and
 * trades), positions/PnL/drawdown/exposure per strategy (fills marked with quotes), and limits from
 * live config that turn both into {@code risk.state} transitions on change only. Late market events
 * go to a side output, counted and sunk. The uids below never change once released.
 *
 * <p>The trades and fills sources may be {@code null} (a replay of a file without them): the job
 * then has no trade events, or no positions.
 */
public final class RiskJob {
  public static final String QUOTES_SOURCE = "risk-quotes-source";
  public static final String TRADES_SOURCE = "risk-trades-source";
  public static final String FILLS_SOURCE = "risk-fills-source";
  public static final String CONFIG_SOURCE = "risk-config-source";
  public static final String QUOTE_EVENTS = "risk-quote-events";
  public static final String TRADE_EVENTS = "risk-trade-events";
  public static final String MARKET_WINDOWS = "risk-market-windows";
  public static final String MARKET_METRICS = "risk-market-metrics";
  public static final String POSITIONS = "risk-positions";
  public static final String LIMITS = "risk-limits";
  public static final String LATE_EVENTS = "risk-late-events";
  public static final String RISK_STATE_SINK = "risk-state-sink";
  public static final String MARKET_STATS_SINK = "risk-market-stats-sink";
  public static final String LATE_SINK = "risk-late-sink";

  public static final List<String> UIDS =
      List.of(
          QUOTES_SOURCE,
          TRADES_SOURCE,
          FILLS_SOURCE,
          CONFIG_SOURCE,
          QUOTE_EVENTS,
          TRADE_EVENTS,
          MARKET_WINDOWS,
          MARKET_METRICS,
          POSITIONS,
          LIMITS,
          LATE_EVENTS,
          RISK_STATE_SINK,
          MARKET_STATS_SINK,
          LATE_SINK);

  static final OutputTag<MarketEvent> LATE_MARKET =
      new OutputTag<>("risk-late-market", TypeInformation.of(MarketEvent.class));

  private final Source<Quote, ?, ?> quotes;
  private final Source<Trade, ?, ?> trades;
  private final Source<Fill, ?, ?> fills;
  private final Source<ConfigChange, ?, ?> config;
  private final Sink<RiskState> riskStates;
  private final Sink<MarketRiskStats> marketStats;
  private final Sink<LateEvent> late;
  private final TradingConfig defaults;
  private final RiskSettings settings;

  public RiskJob(
      Source<Quote, ?, ?> quotes,
      Source<Trade, ?, ?> trades,
      Source<Fill, ?, ?> fills,
      Source<ConfigChange, ?, ?> config,
      Sink<RiskState> riskStates,
      Sink<MarketRiskStats> marketStats,
      Sink<LateEvent> late,
      TradingConfig defaults,
      RiskSettings settings) {
    this.quotes = quotes;
    this.trades = trades;
    this.fills = fills;
    this.config = config;
    this.riskStates = riskStates;
    this.marketStats = marketStats;
    this.late = late;
    this.defaults = defaults;
    this.settings = settings;
  }

  /**
   * The job's result streams, for callers that store them somewhere else too: risk.state
   * transitions, every metric compared with the limits, window statistics, late market events.
   */
  public record Outputs(
      DataStream<RiskState> states,
      DataStream<RiskMetric> metrics,
      DataStream<MarketRiskStats> marketStats,
      DataStream<LateEvent> late) {}

  public Outputs build(StreamExecutionEnvironment env) {
    DataStream<Quote> quoteStream =
        env.fromSource(
                quotes,
                QuoteWatermarks.boundedWithIdleness(settings.watermarkBound(), settings.idleness()),
                "md.quotes")
            .uid(QUOTES_SOURCE);
    DataStream<Trade> tradeStream =
        trades == null
            ? null
            : env.fromSource(
                    trades,
                    QuoteWatermarks.<Trade>boundedWithIdleness(
                        settings.watermarkBound(),
                        settings.idleness(),
                        (t, ts) -> Math.floorDiv(t.getExchangeTimeUs(), 1_000L)),
                    "md.trades")
                .uid(TRADES_SOURCE);
    DataStream<Fill> fillStream =
        fills == null
            ? null
            : env.fromSource(
                    fills,
                    QuoteWatermarks.<Fill>boundedWithIdleness(
                        settings.watermarkBound(),
                        settings.idleness(),
                        (f, ts) -> Math.floorDiv(f.getExchangeTimeUs(), 1_000L)),
                    "exec.fills")
                .uid(FILLS_SOURCE);

    DataStream<MarketEvent> market =
        quoteStream.map(new QuoteEvent()).uid(QUOTE_EVENTS).name("quote events");
    if (tradeStream != null) {
      market =
          market.union(tradeStream.map(new TradeEvent()).uid(TRADE_EVENTS).name("trade events"));
    }
    SingleOutputStreamOperator<MarketRiskStats> windows =
        market
            .keyBy(new MarketKey())
            .transform(
                "market windows",
                TypeInformation.of(MarketRiskStats.class),
                new MarketWindowsOperator(
                    new MarketWindows(
                        settings.windowSize().toMillis(), settings.windowSlide().toMillis())))
            .uid(MARKET_WINDOWS);
    DataStream<RiskMetric> marketMetrics =
        windows.flatMap(new MarketMetrics()).uid(MARKET_METRICS).name("market metrics");
    String strategy = settings.strategy();
    DataStream<RiskMetric> metrics = marketMetrics;
    if (fillStream != null) {
      DataStream<RiskMetric> positionMetrics =
          fillStream
              .keyBy(new ConstantKey<Fill>(strategy))
              .connect(quoteStream.keyBy(new ConstantKey<Quote>(strategy)))
              .process(new PositionFunction())
              .uid(POSITIONS)
              .name("positions");
      metrics = marketMetrics.union(positionMetrics);
    }
    SingleOutputStreamOperator<RiskState> states =
        metrics
            .keyBy(new StateKey())
            .connect(
                env.fromSource(config, ConfigWatermarks.neverHoldBack(), "config.*")
                    .uid(CONFIG_SOURCE)
                    .setParallelism(1)
                    .broadcast(ConfigBroadcast.ROWS))
            .process(new RiskLimitFunction(defaults))
            .uid(LIMITS)
            .name("risk limits");

    states.sinkTo(riskStates).uid(RISK_STATE_SINK).name("risk.state");
    windows.sinkTo(marketStats).uid(MARKET_STATS_SINK).name("market stats");
    DataStream<LateEvent> lateEvents =
        windows
            .getSideOutput(LATE_MARKET)
            .process(new LateMarketEvent())
            .uid(LATE_EVENTS)
            .name("late market events");
    lateEvents.sinkTo(late).uid(LATE_SINK).name("late events");
    return new Outputs(states, metrics, windows, lateEvents);
  }

  static final class QuoteEvent implements MapFunction<Quote, MarketEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public MarketEvent map(Quote q) {
      return MarketEvent.of(q);
    }
  }

  static final class TradeEvent implements MapFunction<Trade, MarketEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public MarketEvent map(Trade t) {
      return MarketEvent.of(t);
    }
  }

  static final class MarketKey implements KeySelector<MarketEvent, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(MarketEvent e) {
      return e.key();
    }
  }

  static final class StateKey implements KeySelector<RiskMetric, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(RiskMetric m) {
      return m.stateKey();
    }
  }

  static final class ConstantKey<T> implements KeySelector<T, String> {
    private static final long serialVersionUID = 1L;
    private final String key;

    ConstantKey(String key) {
      this.key = key;
    }

    @Override
    public String getKey(T value) {
      return key;
    }
  }

  /** Window statistics as metrics of INSTRUMENT limits, one source per venue. */
  static final class MarketMetrics implements FlatMapFunction<MarketRiskStats, RiskMetric> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(MarketRiskStats s, Collector<RiskMetric> out) {
      long timeUs = s.windowEndMs * 1_000L;
      out.collect(
          RiskMetric.of(
              "INSTRUMENT", s.instrument, "volatility_bps", s.venue, s.volatilityBps, timeUs));
      if (s.quotes > 0) {
        out.collect(
            RiskMetric.of(
                "INSTRUMENT", s.instrument, "spread_bps", s.venue, s.spreadBpsMedian, timeUs));
      }
    }
  }

  /**
   * Late market events, counted ({@code deepalpha_late_events}), with the watermark they arrived
   * behind (this operator follows the window operator's watermark).
   */
  static final class LateMarketEvent extends ProcessFunction<MarketEvent, LateEvent> {
    private static final long serialVersionUID = 1L;
    private transient Counter late;

    @Override
    public void open(OpenContext openContext) {
      late = getRuntimeContext().getMetricGroup().counter("deepalpha_late_events");
    }

    @Override
    public void processElement(MarketEvent e, Context ctx, Collector<LateEvent> out) {
      late.inc();
      out.collect(
          LateEvent.of(
              e.trade ? "md.trades" : "md.quotes",
              "risk",
              e.instrument,
              e.venue,
              e.timeUs,
              e.receiveTimeNs,
              e.sequence,
              ctx.timerService().currentWatermark()));
    }
  }
}
