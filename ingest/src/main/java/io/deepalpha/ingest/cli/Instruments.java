package io.deepalpha.ingest.cli;

import io.deepalpha.model.instrument.InstrumentRegistry;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the instrument map the commands are given, or the one embedded in the model jar. */
final class Instruments {
  private Instruments() {}

  /**
   * {@code file} when it exists (so an edited {@code configs/instruments.yaml} is used without
   * rebuilding model), otherwise the copy embedded in the model jar.
   */
  static InstrumentRegistry load(Path file) {
    return file != null && Files.isRegularFile(file)
        ? InstrumentRegistry.load(file)
        : InstrumentRegistry.loadDefault();
  }
}
