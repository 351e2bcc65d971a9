package io.deepalpha.jobs.io;

import java.io.IOException;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes a bounded stream to one file, one line per record, in a fixed order: parallel operators
 * interleave their output nondeterministically, and a replay must produce the same file byte for
 * byte. Records are held until the end of input, then sorted and written atomically (temp file +
 * move). Run at parallelism 1; for bounded replays only.
 */
public final class SortedLinesFileSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  /** Formats one record as one line (without the newline). */
  public interface LineFormat<T> extends Serializable {
    String format(T record) throws IOException;
  }

  private final String file;
  private final LineFormat<T> format;
  private final SerializableComparator<T> order;

  /** A comparator that can travel with the job graph. */
  public interface SerializableComparator<T> extends Comparator<T>, Serializable {}

  public SortedLinesFileSink(Path file, LineFormat<T> format, SerializableComparator<T> order) {
    this.file = file.toAbsolutePath().toString();
    this.format = format;
    this.order = order;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    return new SortingWriter();
  }

  private final class SortingWriter implements SinkWriter<T> {
    private final List<T> records = new ArrayList<>();

    @Override
    public void write(T element, Context context) {
      records.add(element);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      if (!endOfInput) {
        return;
      }
      records.sort(order);
      Path target = Path.of(file);
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (T record : records) {
          out.write(format.format(record));
          out.write('\n');
        }
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      records.clear();
    }

    @Override
    public void close() {}
  }
}
