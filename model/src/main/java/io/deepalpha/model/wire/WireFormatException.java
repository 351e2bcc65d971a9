package io.deepalpha.model.wire;

/** Bytes that are not a decodable event of the expected type; the message says which and why. */
public final class WireFormatException extends RuntimeException {

  WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
