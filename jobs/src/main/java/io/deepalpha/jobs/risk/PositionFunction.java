package io.deepalpha.jobs.risk;

import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Side;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Positions, PnL, drawdown and exposure of one strategy (the key) from {@code exec.fills}, marked
 * to market with the mids of {@code md.quotes}. After every fill, and on quotes of a venue where
 * the strategy holds a position (at most once per {@link #MARK_INTERVAL_MS} of event time), it
 * emits the metrics of {@code risk_limits}: INSTRUMENT position (absolute net over venues), VENUE
 * exposure, STRATEGY drawdown (peak minus current PnL of the day), GLOBAL loss and exposure. Every
 * quote still moves the mark and the day's peak; only the emission is thinned: emitting ~8 metrics
 * on each of ~700 quotes/s made the metrics the job's largest stream.
 *
 * <p>Fees are subtracted from realized PnL as quote currency. Fills are applied in arrival order (a
 * position does not depend on it; the marks may). State exits: a flat position and its mid are
 * removed; the day's PnL is cleared by an event-time timer at the next UTC midnight.
 */
public final class PositionFunction
    extends KeyedCoProcessFunction<String, Fill, Quote, RiskMetric> {
  private static final long serialVersionUID = 1L;
  private static final long DAY_MS = 86_400_000L;

  /** Least event time between two emissions caused by quotes (fills always emit). */
  public static final long MARK_INTERVAL_MS = 250;

  private transient MapState<String, Position> positions;
  private transient MapState<String, Double> mids;
  private transient ValueState<StrategyPnl> pnl;

  @Override
  public void open(OpenContext openContext) {
    positions =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "positions", Types.STRING, TypeInformation.of(Position.class)));
    mids =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("mids", Types.STRING, Types.DOUBLE));
    pnl =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("day-pnl", TypeInformation.of(StrategyPnl.class)));
  }

  @Override
  public void processElement1(Fill fill, Context ctx, Collector<RiskMetric> out) throws Exception {
    String key = fill.getInstrument() + '|' + fill.getVenue().name();
    Position position = positions.get(key);
    if (position == null) {
      position = new Position();
      position.instrument = fill.getInstrument();
      position.venue = fill.getVenue().name();
    }
    double price = fill.getPrice() / Math.pow(10, fill.getPriceScale());
    double qty = fill.getQty() / Math.pow(10, fill.getSizeScale());
    double fee = fill.getFee() / Math.pow(10, fill.getFeeScale());
    double realized = position.apply(fill.getSide() == Side.SELL ? -qty : qty, price) - fee;

    StrategyPnl day = dayOf(fill.getExchangeTimeUs() / 1_000L, ctx);
    day.realized += realized;
    if (position.qty == 0) {
      positions.remove(key);
      mids.remove(key);
    } else {
      positions.put(key, position);
      if (!mids.contains(key)) {
        mids.put(key, price);
      }
    }
    emit(
        ctx.getCurrentKey(),
        day,
        fill.getExchangeTimeUs(),
        fill.getInstrument(),
        fill.getVenue().name(),
        out);
  }

  @Override
  public void processElement2(Quote quote, Context ctx, Collector<RiskMetric> out)
      throws Exception {
    String key = quote.getInstrument() + '|' + quote.getVenue().name();
    if (!positions.contains(key)) {
      return;
    }
    double scale = Math.pow(10, quote.getPriceScale());
    mids.put(key, (quote.getBidPrice() + quote.getAskPrice()) / 2.0 / scale);
    long timeMs = quote.getExchangeTimeUs() / 1_000L;
    StrategyPnl day = dayOf(timeMs, ctx);
    boolean due =
        day.lastMarkEmitMs == Long.MIN_VALUE || timeMs - day.lastMarkEmitMs >= MARK_INTERVAL_MS;
    if (due) {
      day.lastMarkEmitMs = timeMs;
    }
    emit(
        ctx.getCurrentKey(),
        day,
        quote.getExchangeTimeUs(),
        quote.getInstrument(),
        quote.getVenue().name(),
        due ? out : null);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RiskMetric> out)
      throws Exception {
    StrategyPnl day = pnl.value();
    if (day != null && day.dayStartMs + DAY_MS <= timestamp) {
      pnl.clear();
    }
  }

  private StrategyPnl dayOf(long timeMs, Context ctx) throws Exception {
    long dayStart = Math.floorDiv(timeMs, DAY_MS) * DAY_MS;
    StrategyPnl day = pnl.value();
    if (day == null || day.dayStartMs < dayStart) {
      day = new StrategyPnl();
      day.dayStartMs = dayStart;
      ctx.timerService().registerEventTimeTimer(dayStart + DAY_MS);
    }
    return day;
  }

  private void emit(
      String strategy,
      StrategyPnl day,
      long timeUs,
      String instrument,
      String venue,
      Collector<RiskMetric> out)
      throws Exception {
    // out == null: update the day's peak only.
    double unrealized = 0;
    double exposure = 0;
    double instrumentPosition = 0;
    Map<String, Double> venueExposure = new HashMap<>();
    for (Map.Entry<String, Position> e : positions.entries()) {
      Position p = e.getValue();
      Double mid = mids.get(e.getKey());
      double mark = mid == null ? p.avgPrice : mid;
      unrealized += p.qty * (mark - p.avgPrice);
      double notional = Math.abs(p.qty * mark);
      exposure += notional;
      venueExposure.merge(p.venue, notional, Double::sum);
      if (p.instrument.equals(instrument)) {
        instrumentPosition += p.qty;
      }
    }
    // A venue that just went flat reports 0, so its exposure level can return to OK.
    venueExposure.putIfAbsent(venue, 0.0);
    double total = day.realized + unrealized;
    day.peak = Math.max(day.peak, total);
    pnl.update(day);
    if (out == null) {
      return;
    }
    out.collect(
        RiskMetric.of(
            "INSTRUMENT", instrument, "position", "*", Math.abs(instrumentPosition), timeUs));
    venueExposure.forEach(
        (v, value) -> out.collect(RiskMetric.of("VENUE", v, "exposure", strategy, value, timeUs)));
    out.collect(RiskMetric.of("STRATEGY", strategy, "drawdown", "*", day.peak - total, timeUs));
    out.collect(RiskMetric.of("GLOBAL", "*", "loss", strategy, Math.max(0, -total), timeUs));
    out.collect(RiskMetric.of("GLOBAL", "*", "exposure", strategy, exposure, timeUs));
  }
}
