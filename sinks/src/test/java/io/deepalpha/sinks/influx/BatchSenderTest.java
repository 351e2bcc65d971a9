package io.deepalpha.sinks.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSenderTest {
  private static final InfluxSinkOptions OPTIONS =
      InfluxSinkOptions.defaults().withRetries(4, 100, 300);

  /** Fails the first {@code outages} writes with the given status, refuses lines with "bad". */
  static final class FakeTarget implements WriteTarget {
    final List<String> accepted = new ArrayList<>();
    int outages;
    int outageStatus;
    int calls;

    @Override
    public void write(String lines) {
      calls++;
      if (outages > 0) {
        outages--;
        throw new InfluxWriteException(outageStatus, "unavailable", null);
      }
      if (lines.contains("ancient")) {
        throw new InfluxWriteException(
            400, "partial write: points beyond retention policy dropped=2", null);
      }
      if (lines.contains("bad")) {
        throw new InfluxWriteException(400, "unable to parse", null);
      }
      accepted.add(lines);
    }

    @Override
    public void close() {}
  }

  private final List<Long> sleeps = new ArrayList<>();
  private final List<Integer> retriedStatuses = new ArrayList<>();
  private final BatchSender.Listener listener =
      new BatchSender.Listener() {
        @Override
        public void retried(InfluxWriteException cause) {
          retriedStatuses.add(cause.status());
        }

        @Override
        public void sent(int lines, long millis) {}
      };

  @Test
  void serverErrorsAndSilenceAreRetriedWithDoublingCappedBackoff() throws Exception {
    FakeTarget target = new FakeTarget();
    target.outages = 3;
    target.outageStatus = 503;
    BatchSender sender = new BatchSender(target, OPTIONS, sleeps::add, listener);

    sender.send("m v=1i 1\n", 1);

    assertThat(target.accepted).containsExactly("m v=1i 1\n");
    assertThat(sleeps).containsExactly(100L, 200L, 300L);
    assertThat(retriedStatuses).containsExactly(503, 503, 503);
  }

  @Test
  void noAnswerIsRetriedToo() throws Exception {
    FakeTarget target = new FakeTarget();
    target.outages = 1;
    target.outageStatus = 0;

    new BatchSender(target, OPTIONS, sleeps::add, listener).send("m v=1i 1\n", 1);

    assertThat(target.accepted).hasSize(1);
    assertThat(retriedStatuses).containsExactly(0);
  }

  @Test
  void givesUpAfterMaxRetriesWithTheLastCause() {
    FakeTarget target = new FakeTarget();
    target.outages = 100;
    target.outageStatus = 500;
    BatchSender sender = new BatchSender(target, OPTIONS, sleeps::add, listener);

    assertThatThrownBy(() -> sender.send("m v=1i 1\n", 1))
        .isInstanceOf(InfluxWriteException.class)
        .hasMessageContaining("failed after 5 attempts");
    assertThat(target.calls).isEqualTo(5);
  }

  @Test
  void aClientErrorFailsAtOnceNamingTheOffendingLine() {
    FakeTarget target = new FakeTarget();
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      batch.append(i == 37 ? "m,x=bad v=1i 37" : "m v=" + i + "i " + i).append('\n');
    }
    BatchSender sender = new BatchSender(target, OPTIONS, sleeps::add, listener);

    assertThatThrownBy(() -> sender.send(batch.toString(), 100))
        .isInstanceOf(InfluxWriteException.class)
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("offending line: m,x=bad v=1i 37");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void pointsBeyondTheRetentionPolicyAreCountedAndTheRestOfTheBatchCountsAsWritten()
      throws Exception {
    FakeTarget target = new FakeTarget();
    List<Integer> dropped = new ArrayList<>();
    List<Integer> sent = new ArrayList<>();
    BatchSender.Listener counting =
        new BatchSender.Listener() {
          @Override
          public void retried(InfluxWriteException cause) {
            retriedStatuses.add(cause.status());
          }

          @Override
          public void sent(int lines, long millis) {
            sent.add(lines);
          }

          @Override
          public void beyondRetention(int points) {
            dropped.add(points);
          }
        };

    new BatchSender(target, OPTIONS, sleeps::add, counting)
        .send("m,t=ancient v=1i 1\nm,t=ancient v=2i 2\nm v=3i 3\n", 3);

    assertThat(dropped).containsExactly(2);
    assertThat(sent).containsExactly(1);
    assertThat(retriedStatuses).isEmpty();
    assertThat(target.calls).isEqualTo(1);
  }
}
