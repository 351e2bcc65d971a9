package io.deepalpha.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionClockTest {

  @Test
  void theVersionIsTheLsnWhileLsnsGrow() {
    VersionClock clock = new VersionClock(0);
    assertThat(clock.next(1_000)).isEqualTo(1_000);
    assertThat(clock.next(1_200)).isEqualTo(1_200);
  }

  @Test
  void aSnapshotSharingOneLsnGetsConsecutiveVersions() {
    VersionClock clock = new VersionClock(0);
    assertThat(new long[] {clock.next(500), clock.next(500), clock.next(500)})
        .containsExactly(500, 501, 502);
  }

  @Test
  void aLaterCommittedTransactionWithAnOlderLsnStillGetsAHigherVersion() {
    VersionClock clock = new VersionClock(0);
    clock.next(2_000); // transaction B committed first
    assertThat(clock.next(1_500)).isEqualTo(2_001); // transaction A wrote earlier, committed later
  }

  @Test
  void aRestartContinuesAboveWhatWasPublished() {
    VersionClock clock = new VersionClock(9_000);
    assertThat(clock.next(100)).isEqualTo(9_001);
    assertThat(clock.last()).isEqualTo(9_001);
  }
}
