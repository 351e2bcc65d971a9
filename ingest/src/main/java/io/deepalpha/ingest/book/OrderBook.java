package io.deepalpha.ingest.book;

/**
 * An L2 book of one instrument on one venue, in fixed-point mantissas at the instrument's scales,
 * with the validity the venue's sync rules give it. An invalid book publishes nothing until a
 * snapshot makes it valid again.
 */
public final class OrderBook {
  private final BookSide bids = new BookSide(true);
  private final BookSide asks = new BookSide(false);
  private boolean valid;
  private long lastBidPrice;
  private long lastBidSize;
  private long lastAskPrice;
  private long lastAskSize;

  public BookSide bids() {
    return bids;
  }

  public BookSide asks() {
    return asks;
  }

  public boolean valid() {
    return valid;
  }

  /** Clears both sides and marks the book valid: a snapshot follows. */
  public void startSnapshot() {
    bids.clear();
    asks.clear();
    valid = true;
    lastBidPrice = lastBidSize = lastAskPrice = lastAskSize = -1;
  }

  /** Marks the book broken and forgets its levels. */
  public void invalidate() {
    bids.clear();
    asks.clear();
    valid = false;
    lastBidPrice = lastBidSize = lastAskPrice = lastAskSize = -1;
  }

  public void set(boolean bid, long price, long size) {
    (bid ? bids : asks).set(price, size);
  }

  /** Both sides present and best bid below best ask. */
  public boolean twoSided() {
    return bids.depth() > 0 && asks.depth() > 0;
  }

  /** Best bid at or above best ask: the book cannot be right. */
  public boolean crossed() {
    return twoSided() && bids.price(0) >= asks.price(0);
  }

  /**
   * True when the book is valid and two-sided and its top level (price or size, either side)
   * differs from the last time this returned true: the moment to publish a BBO.
   */
  public boolean topChanged() {
    if (!valid || !twoSided()) {
      return false;
    }
    long bp = bids.price(0);
    long bs = bids.size(0);
    long ap = asks.price(0);
    long as = asks.size(0);
    if (bp == lastBidPrice && bs == lastBidSize && ap == lastAskPrice && as == lastAskSize) {
      return false;
    }
    lastBidPrice = bp;
    lastBidSize = bs;
    lastAskPrice = ap;
    lastAskSize = as;
    return true;
  }
}
