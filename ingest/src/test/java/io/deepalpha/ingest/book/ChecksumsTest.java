package io.deepalpha.ingest.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.model.FixedPoint;
import org.junit.jupiter.api.Test;

/** The documented vectors of FACTS.md §3 and §4. */
class ChecksumsTest {

  private static void level(
      OrderBook book, boolean bid, String price, String size, int ps, int ss) {
    book.set(bid, FixedPoint.parse(price, ps), FixedPoint.parse(size, ss));
  }

  @Test
  void okxDocumentVectorsMatch() {
    OrderBook book = new OrderBook();
    book.startSnapshot();
    level(book, true, "3366.1", "7", 4, 8);
    level(book, false, "3366.8", "9", 4, 8);
    level(book, true, "3366", "6", 4, 8);
    level(book, false, "3368", "8", 4, 8);
    assertThat(new Checksums().okx(book, 4, 8)).isEqualTo(-1881014294);

    // The doc's second vector ("3366.1:7:3366.8:9:3368:8:3372:8") has a bid above the ask, which
    // a sorted book cannot hold, so it is not reproducible here.
  }

  @Test
  void krakenV1DocumentVectorMatches() {
    OrderBook book = new OrderBook();
    book.startSnapshot();
    String[] asks = {
      "0.05005", "0.05010", "0.05015", "0.05020", "0.05025", "0.05030", "0.05035", "0.05040",
      "0.05045", "0.05050"
    };
    String[] bids = {
      "0.05000", "0.04995", "0.04990", "0.04980", "0.04975", "0.04970", "0.04965", "0.04960",
      "0.04955", "0.04950"
    };
    for (String a : asks) {
      level(book, false, a, "0.00000500", 8, 8);
    }
    for (String b : bids) {
      level(book, true, b, "0.00000500", 8, 8);
    }
    assertThat(new Checksums().kraken(book, 8, 8, 5, 8)).isEqualTo(974947235L);
  }

  @Test
  void krakenV2DocumentVectorMatches() {
    OrderBook book = new OrderBook();
    book.startSnapshot();
    String[][] asks = {
      {"45285.2", "0.00100000"},
      {"45286.4", "1.54571953"},
      {"45286.6", "1.54571109"},
      {"45289.6", "1.54560911"},
      {"45290.2", "0.15890660"},
      {"45291.8", "1.54553491"},
      {"45294.7", "0.04454749"},
      {"45296.1", "0.35380000"},
      {"45297.5", "0.09945542"},
      {"45299.5", "0.18772827"}
    };
    String[][] bids = {
      {"45283.5", "0.10000000"},
      {"45283.4", "1.54582015"},
      {"45282.1", "0.10000000"},
      {"45281.0", "0.10000000"},
      {"45280.3", "1.54592586"},
      {"45279.0", "0.07990000"},
      {"45277.6", "0.03310103"},
      {"45277.5", "0.30000000"},
      {"45277.3", "1.54602737"},
      {"45276.6", "0.15445238"}
    };
    for (String[] a : asks) {
      level(book, false, a[0], a[1], 4, 8);
    }
    for (String[] b : bids) {
      level(book, true, b[0], b[1], 4, 8);
    }
    assertThat(new Checksums().kraken(book, 4, 8, 1, 8)).isEqualTo(3310070434L);
  }
}
