package io.deepalpha.ingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.deepalpha.ingest.recording.RecordedFrame;
import io.deepalpha.ingest.recording.RecordingReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The shared venue recordings ({@code ../../shared/data/venues} from the module directory). */
public final class Recordings {
  public static final Path ROOT =
      Path.of("../../shared/data/venues/recorded").toAbsolutePath().normalize();

  private Recordings() {}

  /** The file, or the test is skipped with a message when the shared data is absent. */
  public static Path file(String relative) {
    Path file = ROOT.resolve(relative);
    assumeTrue(
        Files.isRegularFile(file),
        "venue recordings not found at " + file + " (../shared/data/venues): test skipped");
    return file;
  }

  public static List<RecordedFrame> read(String... relative) {
    return RecordingReader.readAll(Arrays.stream(relative).map(Recordings::file).toList());
  }
}
