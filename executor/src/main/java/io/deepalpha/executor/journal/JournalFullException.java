package io.deepalpha.executor.journal;

/** The journal file has no room for another record; the executor stops taking signals. */
public final class JournalFullException extends RuntimeException {
  public JournalFullException(String message) {
    super(message);
  }
}
