package io.deepalpha.infra.stack;

/** A service of the local stack could not be started, reached or stopped; the message says why. */
public class StackException extends RuntimeException {
  public StackException(String message) {
    super(message);
  }
}
