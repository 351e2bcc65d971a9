package io.deepalpha.infra.pipeline;

/**
 * Ctrl-C came while the services were still starting: the rest are not started, those that were are
 * stopped, and there is no market to summarize.
 */
final class StoppedBeforeMarket extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StoppedBeforeMarket(String step) {
    super(
        "stopped while "
            + step
            + ", before the market started; every service it had started is stopped");
  }
}
