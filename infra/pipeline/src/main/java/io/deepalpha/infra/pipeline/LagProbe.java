package io.deepalpha.infra.pipeline;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag of the pipeline's consumer groups (records behind the end of their topics), read
 * with the Admin API like {@code kafka-consumer-groups --describe}. A group that has committed
 * nothing yet shows as -1.
 */
final class LagProbe implements AutoCloseable {
  private final Admin admin;

  LagProbe(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("client.id", "deepalpha-pipeline-lag");
    p.put("request.timeout.ms", "3000");
    p.put("default.api.timeout.ms", "3000");
    admin = Admin.create(p);
  }

  /** Group id → total lag over its committed partitions, -1 when unknown. */
  Map<String, Long> lags(Iterable<String> groups) {
    Map<String, Long> result = new TreeMap<>();
    for (String group : groups) {
      result.put(group, lag(group));
    }
    return result;
  }

  private long lag(String group) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(3, TimeUnit.SECONDS);
      committed.values().removeIf(java.util.Objects::isNull);
      if (committed.isEmpty()) {
        return -1;
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin
              .listOffsets(
                  committed.keySet().stream()
                      .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
              .all()
              .get(3, TimeUnit.SECONDS);
      long lag = 0;
      for (var e : committed.entrySet()) {
        lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
      }
      return lag;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Records between {@code next} offsets and the partitions' ends (a reader's backlog), -1 when the
   * broker does not answer.
   */
  long behind(Map<TopicPartition, Long> next) {
    try {
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin
              .listOffsets(
                  next.keySet().stream()
                      .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
              .all()
              .get(3, TimeUnit.SECONDS);
      long behind = 0;
      for (var e : next.entrySet()) {
        ListOffsetsResult.ListOffsetsResultInfo end = ends.get(e.getKey());
        if (end != null) {
          behind += Math.max(0, end.offset() - e.getValue());
        }
      }
      return behind;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(3));
  }
}
