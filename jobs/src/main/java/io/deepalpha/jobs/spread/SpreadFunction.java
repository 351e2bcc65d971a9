package io.deepalpha.jobs.spread;

import io.deepalpha.jobs.config.ConfigBroadcast;
import io.deepalpha.jobs.config.ConfigException;
import io.deepalpha.jobs.config.InstrumentParams;
import io.deepalpha.jobs.config.StrategyParams;
import io.deepalpha.jobs.config.TradingConfig;
import io.deepalpha.jobs.late.LateEvent;
import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Signal;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SpreadJob's operator, keyed by instrument. Quotes are buffered in keyed state until the watermark
 * passes their event time, then applied in {@link QuoteOrder} by {@link SpreadEvaluator}: the same
 * quotes in any arrival order within the out-of-orderness bound give the same signals.
 *
 * <p>Event-time timers do all the work, in this order at each timestamp T: flush the statistics
 * intervals ending at T, apply the quotes of T, drop the quotes that are stale at T (closing their
 * opportunities), and set a timer at the next expiry of the quotes still held. State exits:
 * buffered quotes leave at their timer, latest quotes when stale, opportunities when closed,
 * statistics at their interval end — an idle instrument holds nothing.
 *
 * <p>The instrument's book is one {@link SpreadState} value, read and written once per timer.
 * Savepoints of the first layout (three map states: {@code latest}, {@code open}, {@code stats})
 * are migrated into it the first time a key is touched after the restore.
 *
 * <p>Late quotes (event time at or before the watermark) go to {@link #LATE}, are counted, and
 * still replace the venue's latest quote if newer; they trigger no evaluation, since evaluating
 * them would make the output depend on arrival order.
 */
public final class SpreadFunction
    extends KeyedBroadcastProcessFunction<String, Quote, ConfigChange, Signal> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SpreadFunction.class);

  public static final OutputTag<LateEvent> LATE =
      new OutputTag<>("spread-late", TypeInformation.of(LateEvent.class));
  public static final OutputTag<SpreadStat> STATS =
      new OutputTag<>("spread-stats", TypeInformation.of(SpreadStat.class));

  private final TradingConfig defaults;
  private final SpreadEvaluator evaluator;

  private transient TradingConfig config;
  private transient MapState<Long, List<Quote>> pending;
  private transient ValueState<SpreadState> books;
  private transient MapState<Integer, Quote> legacyLatest;
  private transient MapState<Integer, Long> legacyOpen;
  private transient MapState<Integer, SpreadStat> legacyStats;
  private transient Counter lateQuotes;
  private transient Counter signals;
  private transient Counter rejectedConfig;
  private transient Counter migratedKeys;

  public SpreadFunction(TradingConfig defaults, long statIntervalUs) {
    this.defaults = defaults;
    this.evaluator = new SpreadEvaluator(statIntervalUs);
  }

  @Override
  public void open(OpenContext openContext) {
    AvroTypeInfo<Quote> quoteType = new AvroTypeInfo<>(Quote.class);
    pending =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("pending", Types.LONG, Types.LIST(quoteType)));
    books =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("book", TypeInformation.of(SpreadState.class)));
    // The first layout's states, read once per key after a restore and then cleared.
    legacyLatest =
        getRuntimeContext().getMapState(new MapStateDescriptor<>("latest", Types.INT, quoteType));
    legacyOpen =
        getRuntimeContext().getMapState(new MapStateDescriptor<>("open", Types.INT, Types.LONG));
    legacyStats =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("stats", Types.INT, TypeInformation.of(SpreadStat.class)));
    lateQuotes = getRuntimeContext().getMetricGroup().counter("deepalpha_late_events");
    signals = getRuntimeContext().getMetricGroup().counter("deepalpha_signals");
    rejectedConfig = getRuntimeContext().getMetricGroup().counter("deepalpha_config_rejected");
    migratedKeys = getRuntimeContext().getMetricGroup().counter("deepalpha_state_keys_migrated");
  }

  @Override
  public void processElement(Quote quote, ReadOnlyContext ctx, Collector<Signal> out)
      throws Exception {
    long timeMs = Math.floorDiv(quote.getExchangeTimeUs(), 1_000L);
    long watermark = ctx.timerService().currentWatermark();
    if (timeMs <= watermark) {
      lateQuotes.inc();
      ctx.output(
          LATE,
          LateEvent.of(
              Topics.MD_QUOTES.name(),
              "spread",
              quote.getInstrument(),
              quote.getVenue().name(),
              quote.getExchangeTimeUs(),
              quote.getReceiveTimeNs(),
              quote.getSequence(),
              watermark));
      SpreadState book = book();
      if (QuoteOrder.isNewer(quote, book.latest(quote.getVenue()))) {
        book.putLatest(quote);
        books.update(book);
        ctx.timerService().registerEventTimeTimer(expiryMs(quote, config(ctx)));
      }
      return;
    }
    List<Quote> batch = pending.get(timeMs);
    if (batch == null) {
      batch = new ArrayList<>(2);
      ctx.timerService().registerEventTimeTimer(timeMs);
    }
    batch.add(quote);
    pending.put(timeMs, batch);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Signal> out) throws Exception {
    TradingConfig cfg = config(ctx);
    SpreadState book = book();
    flushStats(timestamp * 1_000L, book, ctx);
    List<Quote> batch = pending.get(timestamp);
    if (batch != null) {
      pending.remove(timestamp);
      batch.sort(QuoteOrder.INSTANCE);
      InstrumentParams params = cfg.instrument(ctx.getCurrentKey());
      SpreadEvaluator.Output output = new TimerOutput(ctx, out);
      for (Quote quote : batch) {
        evaluator.onQuote(quote, params, cfg.version(), book, output);
      }
    }
    expireStale(timestamp, cfg, book, ctx);
    if (book.isEmpty()) {
      books.clear();
    } else {
      books.update(book);
    }
  }

  /**
   * The current instrument's book; when it holds nothing yet, a new one with whatever a savepoint
   * of the first state layout left for this key.
   */
  private SpreadState book() throws Exception {
    SpreadState book = books.value();
    if (book != null) {
      return book;
    }
    book = SpreadState.empty();
    if (!legacyLatest.isEmpty() || !legacyOpen.isEmpty() || !legacyStats.isEmpty()) {
      for (Map.Entry<Integer, Quote> e : legacyLatest.entries()) {
        book.latest[e.getKey()] = e.getValue();
      }
      for (Map.Entry<Integer, Long> e : legacyOpen.entries()) {
        book.lastSignalUs[e.getKey()] = e.getValue();
      }
      for (Map.Entry<Integer, SpreadStat> e : legacyStats.entries()) {
        book.stats[e.getKey()] = e.getValue();
      }
      legacyLatest.clear();
      legacyOpen.clear();
      legacyStats.clear();
      migratedKeys.inc();
    }
    return book;
  }

  @Override
  public void processBroadcastElement(ConfigChange change, Context ctx, Collector<Signal> out)
      throws Exception {
    TradingConfig current = config(ctx);
    try {
      config = ConfigBroadcast.accept(current, change, ctx.getBroadcastState(ConfigBroadcast.ROWS));
    } catch (ConfigException e) {
      rejectedConfig.inc();
      LOG.error("Config change refused, keeping version {}: {}", current.version(), e.getMessage());
    }
  }

  private TradingConfig config(ReadOnlyContext ctx) throws Exception {
    if (config == null) {
      config = ConfigBroadcast.rebuild(defaults, ctx.getBroadcastState(ConfigBroadcast.ROWS));
    }
    return config;
  }

  private TradingConfig config(Context ctx) throws Exception {
    if (config == null) {
      config = ConfigBroadcast.rebuild(defaults, ctx.getBroadcastState(ConfigBroadcast.ROWS));
    }
    return config;
  }

  private static void flushStats(long timeUs, SpreadState book, OnTimerContext ctx) {
    for (int pair = 0; pair < book.stats.length; pair++) {
      SpreadStat stat = book.stats[pair];
      if (stat != null && stat.windowEndUs <= timeUs) {
        ctx.output(STATS, stat.finish());
        book.stats[pair] = null;
      }
    }
  }

  /**
   * Drops the quotes stale at {@code timestamp} and closes their opportunities; sets a timer at the
   * first expiry of the quotes kept (with the current config: the staleness may have changed since
   * they came).
   */
  private static void expireStale(
      long timestamp, TradingConfig cfg, SpreadState book, OnTimerContext ctx) {
    long next = Long.MAX_VALUE;
    for (Venue venue : VenuePairs.VENUES) {
      Quote quote = book.latest(venue);
      if (quote == null) {
        continue;
      }
      if (timestamp * 1_000L - quote.getExchangeTimeUs() > stalenessUs(cfg, quote)) {
        book.removeLatest(venue);
        for (Venue other : VenuePairs.VENUES) {
          book.close(VenuePairs.of(venue, other));
          book.close(VenuePairs.of(other, venue));
        }
      } else {
        next = Math.min(next, expiryMs(quote, cfg));
      }
    }
    if (next != Long.MAX_VALUE) {
      ctx.timerService().registerEventTimeTimer(next);
    }
  }

  /** First millisecond at which the quote is stale: t - ts > staleness. */
  static long expiryMs(Quote quote, TradingConfig cfg) {
    return Math.floorDiv(quote.getExchangeTimeUs() + stalenessUs(cfg, quote), 1_000L) + 1;
  }

  /** Without a strategy a quote is never used, so it is kept no longer than its own millisecond. */
  private static long stalenessUs(TradingConfig cfg, Quote quote) {
    InstrumentParams params = cfg.instrument(quote.getInstrument());
    StrategyParams strategy = params == null ? null : params.strategy();
    return strategy == null ? 0L : strategy.stalenessUs();
  }

  /** Signals to the main output, statistics timers to the timer service. */
  private final class TimerOutput implements SpreadEvaluator.Output {
    private final OnTimerContext ctx;
    private final Collector<Signal> out;

    TimerOutput(OnTimerContext ctx, Collector<Signal> out) {
      this.ctx = ctx;
      this.out = out;
    }

    @Override
    public void signal(Signal signal) {
      signals.inc();
      out.collect(signal);
    }

    @Override
    public void statIntervalOpened(long endUs) {
      ctx.timerService().registerEventTimeTimer(Math.floorDiv(endUs, 1_000L));
    }
  }
}
