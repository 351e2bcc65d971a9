package io.deepalpha.sinks.influx.point;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.model.event.Quote;
import io.deepalpha.sinks.SampleRows;
import io.deepalpha.sinks.influx.PointBuffer;
import org.junit.jupiter.api.Test;

class QuotePointsTest {
  private final SampleRows rows = new SampleRows("q");

  private Quote at(long timeUs, long bid) {
    Quote q = rows.quote(0);
    q.setExchangeTimeUs(timeUs);
    q.setReceiveTimeNs(timeUs * 1000 + 250_000);
    q.setBidPrice(bid);
    q.setAskPrice(bid + 10_000);
    return q;
  }

  @Test
  void writesTheLastQuoteOfEachIntervalStampedWithTheIntervalStart() {
    QuotePoints sampler = new QuotePoints(1_000);
    PointBuffer out = new PointBuffer(256);

    sampler.write(at(10_000_100, 1_000_000), out);
    sampler.write(at(10_900_000, 2_000_000), out);
    sampler.write(at(11_000_000, 3_000_000), out);

    assertThat(out.text())
        .isEqualTo(
            "quotes,instrument=Q-USDT,venue=BINANCE bid=200.0,ask=201.0,bid_size=1.5,"
                + "ask_size=0.23456789,mid=200.5,spread_bps=49.87531172069826,"
                + "ingest_latency_us=250i 10000000\n");
  }

  @Test
  void flushWritesTheOpenIntervalAndTheSameIntervalIsRewrittenWhenItCloses() {
    QuotePoints sampler = new QuotePoints(1_000);
    PointBuffer out = new PointBuffer(256);
    sampler.write(at(10_000_100, 1_000_000), out);

    sampler.flushPending(out);
    sampler.write(at(10_500_000, 2_000_000), out);
    sampler.write(at(11_000_000, 3_000_000), out);

    String[] lines = out.text().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).contains("bid=100.0").endsWith(" 10000000");
    assertThat(lines[1]).contains("bid=200.0").endsWith(" 10000000");
  }

  @Test
  void anOutOfOrderQuoteDoesNotReopenAClosedInterval() {
    QuotePoints sampler = new QuotePoints(1_000);
    PointBuffer out = new PointBuffer(256);

    sampler.write(at(11_000_000, 3_000_000), out);
    sampler.write(at(10_500_000, 2_000_000), out);
    sampler.flushPending(out);

    assertThat(out.text())
        .contains("bid=300.0")
        .doesNotContain("bid=200.0")
        .endsWith(" 11000000\n");
  }

  @Test
  void zeroSampleIntervalWritesEveryQuoteAtItsOwnTime() {
    QuotePoints everyQuote = new QuotePoints(0);
    PointBuffer out = new PointBuffer(256);

    everyQuote.write(at(10_000_100, 1_000_000), out);
    everyQuote.write(at(10_000_200, 2_000_000), out);

    assertThat(out.lines()).isEqualTo(2);
    assertThat(out.text()).contains(" 10000100\n", " 10000200\n");
  }
}
