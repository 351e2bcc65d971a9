package io.deepalpha.ingest.recording;

import io.deepalpha.model.event.Venue;
import java.nio.charset.StandardCharsets;

/**
 * One line of a recorded session.
 *
 * @param kind what happened
 * @param connection which connection of the recording (file name, or the jsonl "conn" field)
 * @param timeNs local receive (or send) time, epoch nanoseconds
 * @param address the WebSocket URL (CONNECT, SEND) or the HTTP URL (HTTP); null for RECEIVE
 * @param data the frame or response body exactly as recorded (empty for CONNECT)
 */
public record RecordedFrame(
    Kind kind, String connection, long timeNs, String address, byte[] data) {

  /** Line kinds of both recording formats. */
  public enum Kind {
    CONNECT,
    SEND,
    RECEIVE,
    HTTP
  }

  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** The venue a recording's file name starts with (BINANCE.ws.1.0, COINBASE.jsonl). */
  /** True when {@code fileName} starts with a venue, as recordings do (README.md does not). */
  public static boolean isVenueFile(String fileName) {
    try {
      venueOfFile(fileName);
      return true;
    } catch (IllegalArgumentException notAVenue) {
      return false;
    }
  }

  public static Venue venueOfFile(String fileName) {
    String prefix =
        fileName.contains(".") ? fileName.substring(0, fileName.indexOf('.')) : fileName;
    int dash = prefix.indexOf('-');
    if (dash > 0) {
      prefix = prefix.substring(0, dash);
    }
    try {
      return Venue.valueOf(prefix.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          fileName + ": the file name does not start with a venue (BINANCE, OKX, ...)", e);
    }
  }
}
