package io.deepalpha.ingest.cdc;

/**
 * Config versions that only grow, in the order changes are published, across all config tables.
 *
 * <p>The version is the change's LSN (decision 0002) whenever that is above the last version, and
 * the last version + 1 otherwise. The bump matters because consumers apply a change only when its
 * version is above the highest they applied: logical decoding emits transactions in commit order,
 * but a transaction that committed later may hold changes written (and so numbered) earlier, and
 * every row of a snapshot shares one LSN. Starts from the highest version already on the config
 * topics, so a restart never goes back.
 */
final class VersionClock {
  private long last;

  VersionClock(long lastPublished) {
    this.last = lastPublished;
  }

  long next(long lsn) {
    last = Math.max(lsn, last + 1);
    return last;
  }

  long last() {
    return last;
  }
}
