package io.deepalpha.infra.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for {@code deepalpha run} in {@link ChildProcessTest}: starts one service child that
 * writes every signal it gets to {@code DIR/service.out}, stops it from its shutdown hook as the
 * pipeline does on Ctrl-C, and says when it is up with {@code DIR/orchestrator.ready}.
 */
final class CtrlCOrchestrator {
  /** The service: notes INT or TERM, and exits on either as a JVM would (130, 143). */
  static final String SERVICE =
      "trap 'echo INT >> \"$1\"; exit 130' INT; trap 'echo TERM >> \"$1\"; exit 143' TERM;"
          + " echo up >> \"$1\"; while :; do sleep 0.1; done";

  private CtrlCOrchestrator() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    ChildProcess service =
        ChildProcess.start(
            "service",
            List.of("sh", "-c", SERVICE, "service", dir.resolve("service.out").toString()),
            Map.of(),
            dir,
            dir);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> service.stop(Duration.ofSeconds(10)), "ctrl-c"));
    Files.writeString(dir.resolve("orchestrator.ready"), Long.toString(service.pid()));
    Thread.sleep(Long.MAX_VALUE);
  }
}
