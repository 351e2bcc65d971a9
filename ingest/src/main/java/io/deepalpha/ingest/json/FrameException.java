package io.deepalpha.ingest.json;

/**
 * A frame that cannot be used, with the stage that refused it; the adapter turns it into a dead
 * letter. Carries no stack trace: it is a normal outcome of bad input, and filling a trace per bad
 * frame would make a burst of them expensive.
 */
public final class FrameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Not JSON, or not the shape the venue documents. */
  public static final String DECODE = "decode";

  /** Well-formed but wrong values (price beyond the instrument's scale, negative size...). */
  public static final String VALIDATE = "validate";

  /** Not applied to the book: sequence gap, checksum mismatch, crossed book. */
  public static final String BOOK = "book";

  /** The venue refused a subscription (its error ack). */
  public static final String SUBSCRIBE = "subscribe";

  private final String stage;

  public FrameException(String stage, String reason) {
    super(reason, null, false, false);
    this.stage = stage;
  }

  public String stage() {
    return stage;
  }
}
