package io.deepalpha.jobs.spread;

import static io.deepalpha.jobs.spread.SpreadFixtures.flat;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Venue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuoteOrderTest {

  @Test
  void equalEventTimesAreOrderedByVenueNameThenSequence() {
    Quote okx = flat(Venue.OKX, 5, 1);
    Quote bybit2 = flat(Venue.BYBIT, 5, 2);
    Quote bybit1 = flat(Venue.BYBIT, 5, 1);
    Quote binanceLater = flat(Venue.BINANCE, 6, 1);
    List<Quote> quotes = new ArrayList<>(List.of(binanceLater, okx, bybit2, bybit1));

    quotes.sort(QuoteOrder.INSTANCE);

    // BYBIT < OKX by name although OKX has the smaller enum ordinal
    assertThat(quotes).containsExactly(bybit1, bybit2, okx, binanceLater);
  }

  @Test
  void aQuoteIsNewerOnlyIfItComesLaterInProcessingOrder() {
    assertThat(QuoteOrder.isNewer(flat(Venue.OKX, 5, 2), flat(Venue.OKX, 5, 1))).isTrue();
    assertThat(QuoteOrder.isNewer(flat(Venue.OKX, 5, 1), flat(Venue.OKX, 5, 2))).isFalse();
    assertThat(QuoteOrder.isNewer(flat(Venue.OKX, 4, 9), flat(Venue.OKX, 5, 1))).isFalse();
    assertThat(QuoteOrder.isNewer(flat(Venue.OKX, 4, 9), null)).isTrue();
  }
}
