package io.deepalpha.ingest.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code ingest ARGS} in this JVM: its exit code and what it printed to stderr. */
record CliRun(int code, String err) {

  static CliRun capturingErr(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = IngestCli.run(args);
      return new CliRun(code, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
    }
  }
}
