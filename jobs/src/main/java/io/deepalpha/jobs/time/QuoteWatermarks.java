package io.deepalpha.jobs.time;

import io.deepalpha.model.event.Quote;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of market data: the venue's exchange timestamp ({@code exchangeTimeUs}, in ms for
 * Flink), with a bounded out-of-orderness watermark ({@link EagerBoundedWatermarks}: emitted as
 * soon as it moves, not only every auto-watermark interval) and idleness. Lateness policy: a quote
 * more than {@code bound} behind the newest one seen is late — it goes to a side output, is counted
 * and stored, never dropped silently. An idle partition (no quotes for {@code idleness}) stops
 * holding the watermark back.
 */
public final class QuoteWatermarks {
  private QuoteWatermarks() {}

  public static WatermarkStrategy<Quote> boundedWithIdleness(Duration bound, Duration idleness) {
    return boundedWithIdleness(bound, idleness, new ExchangeTime());
  }

  /** The same policy for any event type (trades, fills); idleness zero means off. */
  public static <T> WatermarkStrategy<T> boundedWithIdleness(
      Duration bound, Duration idleness, SerializableTimestampAssigner<T> eventTime) {
    WatermarkStrategy<T> strategy =
        WatermarkStrategy.<T>forGenerator(ctx -> new EagerBoundedWatermarks<>(bound))
            .withTimestampAssigner(eventTime);
    return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
  }

  /** Flink event time (ms) of a quote. */
  public static final class ExchangeTime implements SerializableTimestampAssigner<Quote> {
    private static final long serialVersionUID = 1L;

    @Override
    public long extractTimestamp(Quote quote, long recordTimestamp) {
      return Math.floorDiv(quote.getExchangeTimeUs(), 1_000L);
    }
  }
}
