package io.deepalpha.ingest.recording;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Saves a live session in the cryptofeed line format that {@link RecordingReader} (and so {@code
 * ingest replay} and the simulator's replay) reads: {@code URL <-> TS} on connect, {@code URL <-
 * TS: text} for what we sent, {@code TS: text} for each received frame, {@code URL -> TS: body} for
 * a REST answer (Binance depth snapshots, as cryptofeed's {@code BINANCE.http.*} files hold them);
 * TS in epoch seconds. Buffered; one recorder per connection, used from the connection's thread.
 */
public final class FrameRecorder implements AutoCloseable {
  private final BufferedWriter out;

  public FrameRecorder(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record to " + file, e);
    }
  }

  public void connected(String url, long timeNs) {
    line(url + " <-> " + seconds(timeNs));
  }

  public void sent(String url, long timeNs, String text) {
    line(url + " <- " + seconds(timeNs) + ": " + oneLine(text));
  }

  /** A REST answer {@code body} fetched from {@code url}, received at {@code timeNs}. */
  public void http(String url, long timeNs, byte[] body) {
    line(url + " -> " + seconds(timeNs) + ": " + oneLine(new String(body, StandardCharsets.UTF_8)));
  }

  public void received(long timeNs, byte[] frame) {
    line(seconds(timeNs) + ": " + oneLine(new String(frame, StandardCharsets.UTF_8)));
  }

  /** A frame with a line break would split the record; JSON allows escaping it, so do. */
  private static String oneLine(String text) {
    return text.indexOf('\n') < 0 && text.indexOf('\r') < 0
        ? text
        : text.replace("\r", "\\r").replace("\n", "\\n");
  }

  private static String seconds(long timeNs) {
    return BigDecimal.valueOf(timeNs, 9).toPlainString();
  }

  private void line(String line) {
    try {
      out.write(line);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("recording failed", e);
    }
  }

  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("recording failed", e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("recording failed", e);
    }
  }
}
