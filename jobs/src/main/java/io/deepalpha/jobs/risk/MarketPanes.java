package io.deepalpha.jobs.risk;

import java.util.Arrays;

/**
 * The market windows' keyed state of one instrument/venue: the panes still inside some window that
 * has not fired, oldest first, and the mid of the latest quote (for the next log-return). Events
 * must be added in event-time order. Flink POJO (part of the savepoint format).
 */
public class MarketPanes {
  public String instrument;
  public String venue;

  /** Mid of the latest quote added, {@code NaN} before the first. */
  public double lastMid = Double.NaN;

  public MarketPane[] panes = new MarketPane[0];

  public MarketPanes() {}

  /**
   * Adds the next event in event-time order.
   *
   * @return the start of the pane it opened, or {@link Long#MIN_VALUE} if its pane existed
   */
  long add(MarketEvent e, long slideMs) {
    if (instrument == null) {
      instrument = e.instrument;
      venue = e.venue;
    }
    long startMs = Math.floorDiv(Math.floorDiv(e.timeUs, 1_000L), slideMs) * slideMs;
    long opened = Long.MIN_VALUE;
    MarketPane pane = panes.length == 0 ? null : panes[panes.length - 1];
    if (pane == null || pane.startMs != startMs) {
      pane = MarketPane.starting(startMs);
      panes = Arrays.copyOf(panes, panes.length + 1);
      panes[panes.length - 1] = pane;
      opened = startMs;
    }
    pane.events++;
    if (e.trade) {
      pane.trades++;
      pane.volume += e.size;
      pane.notional += e.price * e.size;
    } else if (e.mid > 0) {
      if (!Double.isNaN(lastMid)) {
        double r = Math.log(e.mid / lastMid);
        if (pane.quotes == 0) {
          pane.firstReturnSquare = r * r;
        } else {
          pane.innerSumSquares += r * r;
        }
      }
      pane.addSpread(e.spreadBps);
      pane.quotes++;
      lastMid = e.mid;
    }
    return opened;
  }

  /** Statistics of the window [startMs, endMs), or {@code null} when it holds no event. */
  MarketRiskStats window(long startMs, long endMs) {
    MarketRiskStats s = new MarketRiskStats();
    s.instrument = instrument;
    s.venue = venue;
    s.windowStartMs = startMs;
    s.windowEndMs = endMs;
    long events = 0;
    double sumSquares = 0;
    double notional = 0;
    boolean firstQuotePane = true;
    for (MarketPane p : panes) {
      if (p.startMs < startMs || p.startMs >= endMs) {
        continue;
      }
      events += p.events;
      s.trades += p.trades;
      s.volume += p.volume;
      notional += p.notional;
      sumSquares += p.innerSumSquares;
      if (p.quotes > 0) {
        if (!firstQuotePane && !Double.isNaN(p.firstReturnSquare)) {
          sumSquares += p.firstReturnSquare;
        }
        firstQuotePane = false;
        s.quotes += p.quotes;
      }
    }
    if (events == 0) {
      return null;
    }
    s.volatilityBps = Math.sqrt(sumSquares) * 10_000;
    s.vwap = s.volume > 0 ? notional / s.volume : 0;
    if (s.quotes > 0) {
      double[] q = new double[(int) s.quotes];
      int n = 0;
      for (MarketPane p : panes) {
        if (p.startMs >= startMs && p.startMs < endMs && p.quotes > 0) {
          System.arraycopy(p.spreads, 0, q, n, (int) p.quotes);
          n += (int) p.quotes;
        }
      }
      Arrays.sort(q);
      s.spreadBpsMin = q[0];
      s.spreadBpsMax = q[q.length - 1];
      s.spreadBpsMedian = percentile(q, 0.5);
      s.spreadBpsP90 = percentile(q, 0.9);
    }
    return s;
  }

  /** Drops the panes that start before {@code startMs}; they are in no later window. */
  void dropBefore(long startMs) {
    int keep = 0;
    while (keep < panes.length && panes[keep].startMs < startMs) {
      keep++;
    }
    if (keep > 0) {
      panes = Arrays.copyOfRange(panes, keep, panes.length);
    }
  }

  boolean isEmpty() {
    return panes.length == 0;
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
