package io.deepalpha.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.recording.RecordedFrame;
import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A replaying simulator answers Binance's depth REST with the snapshots the recording holds. */
class ReplayDepthSnapshotTest {
  private static final String URL = "https://api.binance.com/api/v3/depth?symbol=";

  @Test
  void replayServesTheRecordedSnapshotsInOrderAndThenTheLastOne() throws Exception {
    List<RecordedFrame> binance =
        List.of(
            frame(RecordedFrame.Kind.RECEIVE, null, "{\"stream\":\"btcusdt@depth@100ms\"}"),
            frame(RecordedFrame.Kind.HTTP, URL + "BTCUSDT&limit=1000", "{\"lastUpdateId\":11}"),
            frame(RecordedFrame.Kind.HTTP, URL + "ETHUSDT&limit=1000", "{\"lastUpdateId\":7}"),
            frame(RecordedFrame.Kind.HTTP, URL + "BTCUSDT&limit=1000", "{\"lastUpdateId\":42}"));
    try (VenueSimulator simulator =
        new VenueSimulator(
            SimulatorSettings.defaults(),
            InstrumentRegistry.loadDefault(),
            List.of("BTC-USDT", "ETH-USDT"))) {
      simulator.replay(Map.of(Venue.BINANCE, binance), 1.0);
      int port = simulator.start(0);
      HttpClient http = HttpClient.newHttpClient();

      assertThat(depth(http, port, "BTCUSDT")).isEqualTo("{\"lastUpdateId\":11}");
      assertThat(depth(http, port, "ETHUSDT")).isEqualTo("{\"lastUpdateId\":7}");
      assertThat(depth(http, port, "BTCUSDT")).isEqualTo("{\"lastUpdateId\":42}");
      assertThat(depth(http, port, "BTCUSDT")).isEqualTo("{\"lastUpdateId\":42}");
    }
  }

  private static String depth(HttpClient http, int port, String symbol) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/api/v3/depth?symbol="
                            + symbol
                            + "&limit=1000"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static RecordedFrame frame(RecordedFrame.Kind kind, String address, String data) {
    return new RecordedFrame(
        kind, "BINANCE.ws.0", 1_000L, address, data.getBytes(StandardCharsets.UTF_8));
  }
}
