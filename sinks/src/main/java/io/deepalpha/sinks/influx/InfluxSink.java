package io.deepalpha.sinks.influx;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink Sink V2 writing records as InfluxDB points (line protocol over the v1 HTTP API, through
 * influxdb-java). At-least-once: every checkpoint flushes the buffer, and a restore replays the
 * records after the checkpoint; their points carry the same measurement, tags and timestamp and so
 * overwrite themselves, which makes the stored series exactly-once in effect.
 *
 * <p>Opening a writer checks that InfluxDB answers and creates the database and retention policy
 * when absent (see {@link InfluxSettings}); an unreachable server or a refused login stops the job
 * at start with a message naming the URL.
 */
public final class InfluxSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  private final InfluxSettings settings;
  private final InfluxSinkOptions options;
  private final PointMapper<T> mapper;

  public InfluxSink(InfluxSettings settings, InfluxSinkOptions options, PointMapper<T> mapper) {
    this.settings = settings;
    this.options = options;
    this.mapper = mapper;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return new InfluxWriter<>(
        mapper,
        options,
        o -> InfluxHttpTarget.open(settings),
        context.getProcessingTimeService(),
        context.metricGroup());
  }

  @Override
  public String toString() {
    return "InfluxSink{" + mapper.getClass().getSimpleName() + " @ " + settings + "}";
  }
}
