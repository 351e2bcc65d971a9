package io.deepalpha.model.json;

/**
 * A JSON line that does not describe a valid event; the message names the field and the problem.
 */
public final class JsonLinesException extends IllegalArgumentException {

  JsonLinesException(String message) {
    super(message);
  }

  JsonLinesException(String message, Throwable cause) {
    super(message, cause);
  }
}
