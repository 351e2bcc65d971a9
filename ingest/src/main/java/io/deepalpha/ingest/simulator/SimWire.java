package io.deepalpha.ingest.simulator;

import java.util.List;

/**
 * One venue's wire format on one simulated connection: what to answer a client message with, and
 * which frames one market step produces. Faults change the next frames.
 */
interface SimWire {

  /** Replies to a client text frame (subscription acks and snapshots, pongs); may be empty. */
  void onClientMessage(String message, List<String> out);

  /** Frames for one market step, after the books moved. */
  void step(List<String> out);

  /** Applies a book fault to the next step; false if this venue cannot show it. */
  boolean inject(Fault fault);
}
