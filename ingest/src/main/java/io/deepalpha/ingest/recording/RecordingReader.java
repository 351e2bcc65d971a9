package io.deepalpha.ingest.recording;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.deepalpha.ingest.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the cryptofeed-style recordings of {@code ../shared/data/venues} (README there): the line
 * format of {@code *.0} files ({@code URL <-> TS}, {@code URL <- TS: JSON}, {@code TS: JSON},
 * {@code URL -> TS: JSON}) and the {@code *.jsonl} format ({@code {"t","conn","ts","data"}}).
 * Malformed lines fail with the file and line number.
 */
public final class RecordingReader {
  private RecordingReader() {}

  /** Every line of every file, merged in time order (stable for equal times). */
  public static List<RecordedFrame> readAll(List<Path> files) {
    List<RecordedFrame> all = new ArrayList<>();
    for (Path file : files) {
      all.addAll(read(file));
    }
    all.sort(Comparator.comparingLong(RecordedFrame::timeNs));
    return all;
  }

  public static List<RecordedFrame> read(Path file) {
    boolean jsonl = file.getFileName().toString().endsWith(".jsonl");
    List<RecordedFrame> frames = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          RecordedFrame frame = jsonl ? jsonlLine(line) : cryptofeedLine(file, line);
          if (frame != null) {
            frames.add(frame);
          }
        } catch (RuntimeException | IOException e) {
          throw new IllegalArgumentException(file + ":" + number + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
    return frames;
  }

  private static RecordedFrame cryptofeedLine(Path file, String line) {
    String connection = file.getFileName().toString();
    int connect = line.indexOf(" <-> ");
    if (connect > 0 && line.indexOf(": ") < 0) {
      return new RecordedFrame(
          RecordedFrame.Kind.CONNECT,
          connection,
          nanos(line.substring(connect + 5)),
          line.substring(0, connect),
          new byte[0]);
    }
    int send = line.indexOf(" <- ");
    int http = line.indexOf(" -> ");
    int colon = line.indexOf(": ");
    if (send > 0 && send < colon) {
      return new RecordedFrame(
          RecordedFrame.Kind.SEND,
          connection,
          nanos(line.substring(send + 4, colon)),
          line.substring(0, send),
          body(line, colon));
    }
    if (http > 0 && http < colon) {
      return new RecordedFrame(
          RecordedFrame.Kind.HTTP,
          connection,
          nanos(line.substring(http + 4, colon)),
          line.substring(0, http),
          body(line, colon));
    }
    if (colon > 0) {
      return new RecordedFrame(
          RecordedFrame.Kind.RECEIVE,
          connection,
          nanos(line.substring(0, colon)),
          null,
          body(line, colon));
    }
    throw new IllegalArgumentException("not a recording line");
  }

  private static byte[] body(String line, int colon) {
    return line.substring(colon + 2).getBytes(StandardCharsets.UTF_8);
  }

  private static RecordedFrame jsonlLine(String line) throws IOException {
    String t = null;
    String conn = "";
    String address = null;
    String data = "";
    long ts = 0;
    try (JsonParser p = Json.parser(line.getBytes(StandardCharsets.UTF_8))) {
      Json.next(p);
      Json.expect(p, JsonToken.START_OBJECT, "line");
      while (Json.next(p) != JsonToken.END_OBJECT) {
        String name = p.currentName();
        Json.next(p);
        switch (name) {
          case "t" -> t = p.getText();
          case "conn" -> conn = p.getText();
          case "ts" -> ts = nanos(p.getText());
          case "addr", "url" -> address = p.getText();
          case "data" -> data = p.getText();
          default -> p.skipChildren();
        }
      }
    }
    if (t == null) {
      throw new IllegalArgumentException("no \"t\"");
    }
    RecordedFrame.Kind kind =
        switch (t) {
          case "header" -> null;
          case "connect" -> RecordedFrame.Kind.CONNECT;
          case "send" -> RecordedFrame.Kind.SEND;
          case "recv" -> RecordedFrame.Kind.RECEIVE;
          case "http" -> RecordedFrame.Kind.HTTP;
          default -> throw new IllegalArgumentException("unknown \"t\": " + t);
        };
    if (kind == null) {
      return null;
    }
    return new RecordedFrame(kind, conn, ts, address, data.getBytes(StandardCharsets.UTF_8));
  }

  private static long nanos(String seconds) {
    return new BigDecimal(seconds.trim()).movePointRight(9).longValue();
  }
}
