package io.deepalpha.sinks.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InfluxSettingsTest {
  private static final Map<String, String> BASE =
      Map.of("INFLUX_URL", "http://127.0.0.1:8086", "INFLUX_DATABASE", "deepalpha");

  @Test
  void defaultsCreateADeepalphaPolicyOf90Days() {
    InfluxSettings s = InfluxSettings.fromEnv(BASE);

    assertThat(s.retentionPolicy()).isEqualTo("deepalpha");
    assertThat(s.retentionDuration()).isEqualTo("90d");
    assertThat(s.createIfAbsent()).isTrue();
  }

  @Test
  void missingUrlIsNamed() {
    assertThatThrownBy(() -> InfluxSettings.fromEnv(Map.of("INFLUX_DATABASE", "d")))
        .hasMessage("missing setting INFLUX_URL");
  }

  @Test
  void aDatabaseNameThatWouldBreakInfluxQlIsRefused() {
    assertThatThrownBy(
            () ->
                InfluxSettings.fromEnv(
                    Map.of("INFLUX_URL", "http://x", "INFLUX_DATABASE", "a\"; DROP DATABASE b")))
        .hasMessageContaining("INFLUX_DATABASE may hold letters, digits");
  }

  @Test
  void aBadRetentionDurationIsNamed() {
    java.util.HashMap<String, String> env = new java.util.HashMap<>(BASE);
    env.put("INFLUX_RETENTION_DURATION", "ninety days");

    assertThatThrownBy(() -> InfluxSettings.fromEnv(env))
        .hasMessageContaining("INFLUX_RETENTION_DURATION must look like 90d");
  }

  @Test
  void thePasswordNeverShowsInToString() {
    InfluxSettings s = new InfluxSettings("http://h:1", "db", "u", "hunter2", "rp", "INF", false);

    assertThat(s.toString()).doesNotContain("hunter2").contains("http://h:1", "db", "rp");
  }

  @Test
  void optionsRefuseNonsenseNamingTheKey() {
    assertThatThrownBy(() -> InfluxSinkOptions.fromEnv(Map.of("INFLUX_SINK_BATCH_SIZE", "0")))
        .hasMessage("INFLUX_SINK_BATCH_SIZE must be > 0, got 0");
    assertThatThrownBy(() -> InfluxSinkOptions.fromEnv(Map.of("INFLUX_QUOTE_SAMPLE_MS", "x")))
        .hasMessageContaining("INFLUX_QUOTE_SAMPLE_MS must be an integer");
    assertThat(InfluxSinkOptions.fromEnv(Map.of("INFLUX_QUOTE_SAMPLE_MS", "250")).quoteSampleMs())
        .isEqualTo(250);
  }
}
