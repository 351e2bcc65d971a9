package io.deepalpha.model.instrument;

/** An instruments file that cannot be used; the message names the file and the offending key. */
public final class InstrumentConfigException extends IllegalArgumentException {

  InstrumentConfigException(String message) {
    super(message);
  }

  InstrumentConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
