package io.deepalpha.ingest.venue;

/**
 * What one adapter counted. Written by the adapter's single thread, read by the metrics exporter:
 * the fields are volatile-free on purpose (a stale read by the exporter is fine; a lock or a fence
 * per frame on the hot path is not), and only ever grow.
 */
public final class VenueCounters {
  /** Frames handed to the adapter. */
  public long frames;

  /** Quotes emitted. */
  public long quotes;

  /** Trades emitted. */
  public long trades;

  /** Subscription acks, heartbeats, pongs, channels we do not normalize (klines...). */
  public long control;

  /** Frames about a symbol that is not configured: skipped, not dead-lettered (see README). */
  public long unmapped;

  /** Frames that became dead letters. */
  public long deadLetters;

  /** Book sequence gaps (Binance U/u, OKX seqId, Bybit u, Coinbase sequence_num). */
  public long gaps;

  /** Book checksum mismatches (OKX, Kraken). */
  public long checksumMismatches;

  /** Books found crossed (best bid >= best ask) after an update. */
  public long crossedBooks;

  /** Resyncs requested (each broken book, and each book that needs its first snapshot). */
  public long resyncs;

  /** Book updates received while the book waits for a snapshot: buffered or dropped by rule. */
  public long skippedWhileSyncing;

  /** Book messages applied (snapshots and updates), whether or not the top of book changed. */
  public long bookUpdates;

  /** Subscriptions the venue refused (an error ack: unknown symbol, bad parameter). */
  public long subscriptionErrors;

  /** Book checksums that matched. */
  public long checksumsVerified;
}
