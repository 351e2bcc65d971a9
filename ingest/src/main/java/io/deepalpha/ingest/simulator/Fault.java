package io.deepalpha.ingest.simulator;

/** Faults the simulator injects into one venue's next frames. */
public enum Fault {
  /** Closes the connection. */
  DISCONNECT,
  /**
   * Skips one book sequence number (OKX seqId, Bybit u, Coinbase sequence_num); Kraken drops one
   * book update, which its next checksum reveals.
   */
  SEQUENCE_GAP,
  /** Sends one book update with a wrong checksum (OKX, Kraken). */
  BAD_CHECKSUM,
  /** Sends one frame cut in half. */
  MALFORMED_JSON,
  /** Stops sending (and answering pings) for the simulator's stale period, connection open. */
  STALE_FEED
}
