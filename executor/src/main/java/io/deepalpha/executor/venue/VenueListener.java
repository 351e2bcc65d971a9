package io.deepalpha.executor.venue;

import io.deepalpha.executor.core.OrderSlot;
import io.deepalpha.model.event.Liquidity;
import io.deepalpha.model.event.OrderStatus;

/** What a venue gateway tells the executor thread about its orders. */
public interface VenueListener {

  /**
   * The order's state changed: status, cumulative filled quantity and average price (mantissas at
   * the slot's scales), the venue's order id and words (null when none).
   */
  void onOrderUpdate(
      OrderSlot slot,
      OrderStatus status,
      long filledQty,
      long avgFillPrice,
      String venueOrderId,
      String note);

  /** One execution of the order. */
  void onFill(
      OrderSlot slot,
      String fillId,
      long price,
      long qty,
      int feeScale,
      long fee,
      String feeAsset,
      Liquidity liquidity,
      long exchangeTimeUs);
}
