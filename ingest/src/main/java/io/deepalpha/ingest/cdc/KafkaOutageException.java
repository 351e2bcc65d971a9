package io.deepalpha.ingest.cdc;

/** Kafka stayed unreachable beyond the CDC's outage limit; the message says for how long. */
public final class KafkaOutageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KafkaOutageException(String message) {
    super(message);
  }
}
