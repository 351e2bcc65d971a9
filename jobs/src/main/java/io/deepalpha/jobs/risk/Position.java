package io.deepalpha.jobs.risk;

/** Net position of a strategy on one instrument at one venue (average-cost method). Flink POJO. */
public class Position {
  public String instrument;
  public String venue;

  /** Signed base quantity: + long, - short. */
  public double qty;

  /** Average entry price of the open quantity. */
  public double avgPrice;

  public Position() {}

  /**
   * Applies a fill and returns the PnL it realized (quote currency, before fees): closing quantity
   * realizes (price - avgPrice) per unit for a long, the opposite for a short.
   */
  double apply(double signedQty, double price) {
    double realized = 0;
    if (qty != 0 && Math.signum(signedQty) != Math.signum(qty)) {
      double closing = Math.min(Math.abs(signedQty), Math.abs(qty));
      realized = closing * (price - avgPrice) * Math.signum(qty);
      double remaining = signedQty + qty;
      if (Math.signum(remaining) == Math.signum(qty) || remaining == 0) {
        qty = remaining;
      } else {
        qty = remaining;
        avgPrice = price;
      }
    } else {
      double total = qty + signedQty;
      avgPrice = (avgPrice * Math.abs(qty) + price * Math.abs(signedQty)) / Math.abs(total);
      qty = total;
    }
    if (Math.abs(qty) < 1e-12) {
      qty = 0;
      avgPrice = 0;
    }
    return realized;
  }
}
