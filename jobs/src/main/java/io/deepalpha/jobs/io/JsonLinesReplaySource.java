package io.deepalpha.jobs.io;

import io.deepalpha.model.json.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * A bounded source over a file of model JSON lines (what {@code ingest replay --to-json} and {@code
 * events tail} write), streamed line by line, so a day's file is never held in memory. Lines of
 * other event types are skipped. Run it at parallelism 1: the file is read in order by one reader.
 * It is a replay source: after a failure the replay is restarted from the beginning.
 */
public final class JsonLinesReplaySource {
  private JsonLinesReplaySource() {}

  public static <T extends SpecificRecordBase> DataGeneratorSource<T> of(Path file, Class<T> type) {
    long count = countMatching(file, type);
    if (count == 0) {
      // DataGeneratorSource cannot be empty; an empty replay is a mistake anyway.
      throw new IllegalArgumentException(file + ": no " + typeMarker(type) + " lines");
    }
    return new DataGeneratorSource<>(
        new LineReader<>(file.toAbsolutePath().toString(), type), count, new AvroTypeInfo<>(type));
  }

  /** Whether the file has at least one line of the type. */
  public static boolean hasAny(Path file, Class<?> type) {
    String marker = typeMarker(type);
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.anyMatch(l -> l.contains(marker));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static long countMatching(Path file, Class<?> type) {
    String marker = typeMarker(type);
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.contains(marker)).count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** JSON lines name their type first: {"type":"quote",... */
  static String typeMarker(Class<?> type) {
    String simple = type.getSimpleName();
    return "\"type\":\"" + Character.toLowerCase(simple.charAt(0)) + simple.substring(1) + "\"";
  }

  /** Returns the next record of the type for each index; indexes arrive in order from 0. */
  private static final class LineReader<T extends SpecificRecordBase>
      implements GeneratorFunction<Long, T> {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final Class<T> type;
    private transient BufferedReader reader;
    private transient String marker;
    private transient long next;

    LineReader(String file, Class<T> type) {
      this.file = file;
      this.type = type;
    }

    @Override
    public void open(SourceReaderContext readerContext) throws Exception {
      reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
      marker = typeMarker(type);
      next = 0;
    }

    @Override
    public T map(Long index) throws Exception {
      if (index != next) {
        throw new IllegalStateException(
            file
                + ": replay must run from the start at parallelism 1 (asked for record "
                + index
                + ", at "
                + next
                + ")");
      }
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.contains(marker)) {
          next++;
          return JsonLines.parseLine(line, type);
        }
      }
      throw new IllegalStateException(file + ": ended before record " + index);
    }

    @Override
    public void close() throws Exception {
      if (reader != null) {
        reader.close();
      }
    }
  }
}
