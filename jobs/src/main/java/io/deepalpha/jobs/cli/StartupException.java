package io.deepalpha.jobs.cli;

/**
 * A live command cannot start: a setting is missing or bad, or a store is unreachable or lacks its
 * schema. The message says which; the command prints it and exits with {@link #EXIT_CODE}.
 */
public final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit code of a command that could not start. */
  public static final int EXIT_CODE = 2;

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
