package io.deepalpha.executor.config;

/** When the journal is forced to disk (JOURNAL_FSYNC). */
public enum FsyncPolicy {
  ALWAYS,
  BATCH,
  NONE
}
