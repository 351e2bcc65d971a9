package io.deepalpha.sinks.influx;

/**
 * A write InfluxDB did not accept. {@link #status()} is the HTTP status, 0 when there was no answer
 * (connection refused, timeout).
 */
public class InfluxWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public InfluxWriteException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** No answer, 5xx, or 429: the same batch may succeed later. 4xx: it never will. */
  public boolean retryable() {
    return status == 0 || status >= 500 || status == 429;
  }
}
