package io.deepalpha.jobs.risk;

import java.util.Arrays;

/**
 * What the market windows keep of one slide-long interval (pane) of one instrument/venue: counts,
 * sums and the quoted spreads, built from its events in event-time order. A window is the merge of
 * its panes ({@link MarketPanes#window}), so an event is stored once instead of once per window it
 * belongs to. Flink POJO (part of the savepoint format: add fields, never retype one).
 */
public class MarketPane {
  public long startMs;

  /** Every event of the pane, including quotes without a usable mid. */
  public long events;

  public long quotes;
  public long trades;
  public double volume;
  public double notional;

  /** Sum of squared mid log-returns between consecutive quotes that are both in this pane. */
  public double innerSumSquares;

  /**
   * Squared log-return of the pane's first quote against the quote before it (in an earlier pane),
   * {@code NaN} when there was none. It counts in a window only when that earlier quote is in the
   * window too, i.e. when this is not the window's first pane with quotes.
   */
  public double firstReturnSquare = Double.NaN;

  /** Quoted spreads (bps of the mid) of the pane's quotes; the first {@link #quotes} are used. */
  public double[] spreads = new double[16];

  public MarketPane() {}

  static MarketPane starting(long startMs) {
    MarketPane p = new MarketPane();
    p.startMs = startMs;
    return p;
  }

  void addSpread(double spreadBps) {
    if (quotes == spreads.length) {
      spreads = Arrays.copyOf(spreads, spreads.length * 2);
    }
    spreads[(int) quotes] = spreadBps;
  }
}
