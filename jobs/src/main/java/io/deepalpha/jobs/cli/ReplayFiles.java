package io.deepalpha.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepalpha.jobs.io.SortedLinesFileSink;
import io.deepalpha.jobs.late.LateEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** What the file replays ({@code jobs spread}, {@code jobs risk}) share. */
final class ReplayFiles {
  private ReplayFiles() {}

  private static final String NO_OP_CHANGE =
      "{\"type\":\"configChange\",\"table\":\"none\",\"key\":\"none\",\"op\":\"READ\","
          + "\"before\":null,\"after\":null,\"version\":0,\"commitTimeUs\":0}";

  /**
   * The config changes to replay: the given file, or a temporary one holding a change of version 0
   * (a no-op) — the topology always has a config input, and a file source cannot be empty.
   */
  static Path configChangesOrNoOp(Path changes) throws IOException {
    if (changes != null) {
      return changes;
    }
    Path noOp = Files.createTempFile("no-config-changes", ".jsonl");
    noOp.toFile().deleteOnExit();
    Files.writeString(noOp, NO_OP_CHANGE + "\n");
    return noOp;
  }

  /**
   * One line for the end of a replay: what each output file holds, e.g. {@code spread replay: 12
   * signals -> signals.jsonl, 340 spread stats -> stats.jsonl (2.1 s)}. Outputs not asked for (null
   * paths) are left out.
   */
  static String summary(String job, Duration took, Map<String, Path> outputs) throws IOException {
    StringJoiner parts = new StringJoiner(", ", job + ": ", "");
    for (Map.Entry<String, Path> output : outputs.entrySet()) {
      if (output.getValue() != null) {
        long lines;
        try (Stream<String> all = Files.lines(output.getValue())) {
          lines = all.filter(line -> !line.isBlank()).count();
        }
        parts.add(
            String.format(Locale.ROOT, "%,d %s -> %s", lines, output.getKey(), output.getValue()));
      }
    }
    return parts + String.format(Locale.ROOT, " (%.1f s)", took.toMillis() / 1000.0);
  }

  /** Late events as sorted JSON lines (event time, instrument, venue, sequence), or discarded. */
  static Sink<LateEvent> lateEvents(Path file, ObjectMapper json) {
    if (file == null) {
      return new DiscardingSink<>();
    }
    return new SortedLinesFileSink<LateEvent>(
        file,
        json::writeValueAsString,
        (a, b) ->
            Comparator.<LateEvent>comparingLong(e -> e.eventTimeUs)
                .thenComparing(e -> e.instrument)
                .thenComparing(e -> e.venue)
                .thenComparingLong(e -> e.sequence)
                .compare(a, b));
  }
}
