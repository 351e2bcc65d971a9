package io.deepalpha.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchKeyGuardTest {

  @Test
  void aKeySeenAgainBeforeAFlushAsksForAFlushFirst() {
    BatchKeyGuard<String> guard = new BatchKeyGuard<>(row -> row.substring(0, 1), 100);

    assertThat(guard.mustFlushBefore("a1")).isFalse();
    assertThat(guard.mustFlushBefore("b1")).isFalse();
    assertThat(guard.mustFlushBefore("a2")).isTrue();
    // After that flush only a2 is pending: b may come again without a flush.
    assertThat(guard.mustFlushBefore("b2")).isFalse();
    assertThat(guard.mustFlushBefore("b3")).isTrue();
  }

  @Test
  void aCheckpointFlushForgetsThePendingKeys() {
    BatchKeyGuard<String> guard = new BatchKeyGuard<>(row -> row, 100);
    guard.mustFlushBefore("a");

    guard.flushed();

    assertThat(guard.mustFlushBefore("a")).isFalse();
  }

  @Test
  void rowsWithoutAnUpdateKeyNeverForceAFlush() {
    BatchKeyGuard<String> guard = new BatchKeyGuard<>(row -> null, 100);

    assertThat(guard.mustFlushBefore("a")).isFalse();
    assertThat(guard.mustFlushBefore("a")).isFalse();
  }

  @Test
  void rememberingIsBoundedByFlushingWhenTheSetIsFull() {
    BatchKeyGuard<String> guard = new BatchKeyGuard<>(row -> row, 3);

    assertThat(guard.mustFlushBefore("a")).isFalse();
    assertThat(guard.mustFlushBefore("b")).isFalse();
    assertThat(guard.mustFlushBefore("c")).isFalse();
    assertThat(guard.mustFlushBefore("d")).isTrue();
    assertThat(guard.mustFlushBefore("a")).isFalse();
  }
}
