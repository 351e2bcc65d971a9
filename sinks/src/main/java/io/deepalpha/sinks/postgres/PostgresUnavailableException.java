package io.deepalpha.sinks.postgres;

/** The database cannot be reached, or lacks what the sinks need (a table, a column). */
public class PostgresUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PostgresUnavailableException(String message) {
    super(message);
  }

  public PostgresUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
