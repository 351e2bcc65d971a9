package io.deepalpha.infra.pipeline;

/** A pipeline that cannot start or run, with a message that says what to do. */
final class PipelineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PipelineException(String message) {
    super(message);
  }

  PipelineException(String message, Throwable cause) {
    super(message, cause);
  }
}
