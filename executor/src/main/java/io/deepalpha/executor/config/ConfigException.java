package io.deepalpha.executor.config;

/** A setting is missing or invalid; the message names the key. Stops the start. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
