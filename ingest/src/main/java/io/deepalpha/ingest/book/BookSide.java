package io.deepalpha.ingest.book;

import java.util.Arrays;

/**
 * One side of an L2 book: price levels as parallel sorted {@code long} arrays, best level first
 * (bids descending, asks ascending). Binary search and array shifts: no boxing, no allocation once
 * the arrays have grown to the book's depth, and the top levels stay in one cache line.
 */
public final class BookSide {
  private final boolean descending;
  private long[] prices = new long[64];
  private long[] sizes = new long[64];
  private int depth;

  public BookSide(boolean descending) {
    this.descending = descending;
  }

  public int depth() {
    return depth;
  }

  public long price(int level) {
    return prices[level];
  }

  public long size(int level) {
    return sizes[level];
  }

  public void clear() {
    depth = 0;
  }

  /** Sets the size at {@code price}; size 0 removes the level (absent levels are ignored). */
  public void set(long price, long size) {
    int at = search(price);
    if (at >= 0) {
      if (size == 0) {
        System.arraycopy(prices, at + 1, prices, at, depth - at - 1);
        System.arraycopy(sizes, at + 1, sizes, at, depth - at - 1);
        depth--;
      } else {
        sizes[at] = size;
      }
      return;
    }
    if (size == 0) {
      return;
    }
    int insert = -at - 1;
    if (depth == prices.length) {
      prices = Arrays.copyOf(prices, depth * 2);
      sizes = Arrays.copyOf(sizes, depth * 2);
    }
    System.arraycopy(prices, insert, prices, insert + 1, depth - insert);
    System.arraycopy(sizes, insert, sizes, insert + 1, depth - insert);
    prices[insert] = price;
    sizes[insert] = size;
    depth++;
  }

  /** Keeps the best {@code maxDepth} levels (Kraken sends no delete for levels leaving scope). */
  public void truncate(int maxDepth) {
    if (depth > maxDepth) {
      depth = maxDepth;
    }
  }

  /** Index of {@code price}, or {@code -(insertion point) - 1}, in best-first order. */
  private int search(long price) {
    int lo = 0;
    int hi = depth - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long p = prices[mid];
      if (p == price) {
        return mid;
      }
      boolean before = descending ? p > price : p < price;
      if (before) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -(lo + 1);
  }
}
