package io.deepalpha.ingest.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepalpha.ingest.connector.RequestWeightGate.Hold;
import org.junit.jupiter.api.Test;

/**
 * The Binance request-weight gate on a hand-driven clock: the minute's reported weight, unanswered
 * requests, 429 and 418 with and without Retry-After.
 */
class RequestWeightGateTest {
  /** 2026-11-22T10:00:00Z, the start of a minute. */
  private static final long MINUTE = 1_795_341_600_000L;

  private long now = MINUTE + 10_000;
  private final RequestWeightGate gate = new RequestWeightGate(100, () -> now);

  @Test
  void aRequestThatWouldExceedTheMinutesReportedWeightWaitsForTheNextMinute() {
    assertThat(gate.hold(50)).isEqualTo(Hold.NONE);
    gate.sent(50);
    gate.answered(50, 200, "60", null);

    assertThat(gate.usedWeight()).isEqualTo(60);
    assertThat(gate.hold(40)).isEqualTo(Hold.NONE);
    assertThat(gate.hold(50)).isEqualTo(Hold.WEIGHT);
    assertThat(gate.waitMillis(50)).isEqualTo(51_000); // the next minute, plus 1 s of margin

    now = MINUTE + 60_000;
    assertThat(gate.usedWeight()).isZero();
    assertThat(gate.hold(50)).isEqualTo(Hold.NONE);
  }

  @Test
  void unansweredRequestsCountUntilTheirAnswerReportsTheWeight() {
    gate.sent(50);
    gate.sent(50);
    assertThat(gate.hold(5)).isEqualTo(Hold.WEIGHT);

    gate.answered(50, 200, "50", null);
    assertThat(gate.hold(5)).isEqualTo(Hold.WEIGHT); // 50 reported + 50 still unanswered
    gate.answered(50, 200, "100", null);
    assertThat(gate.hold(1)).isEqualTo(Hold.WEIGHT);

    gate.answered(0, 200, "40", null);
    assertThat(gate.hold(60)).isEqualTo(Hold.NONE);
  }

  @Test
  void a429BlocksEveryRequestUntilItsRetryAfterHasPassed() {
    gate.sent(50);
    gate.answered(50, 429, "7", "3");

    assertThat(gate.hold(1)).isEqualTo(Hold.RATE_LIMITED);
    assertThat(gate.waitMillis(1)).isEqualTo(3_000);
    now += 2_999;
    assertThat(gate.hold(1)).isEqualTo(Hold.RATE_LIMITED);
    assertThat(gate.waitMillis(1)).isEqualTo(1);
    now += 1;
    assertThat(gate.hold(50)).isEqualTo(Hold.NONE);
  }

  @Test
  void a429WithoutRetryAfterWaitsForTheNextMinute() {
    gate.answered(0, 429, null, null);

    assertThat(gate.hold(1)).isEqualTo(Hold.RATE_LIMITED);
    assertThat(gate.waitMillis(1)).isEqualTo(51_000);
  }

  @Test
  void a418IsABanHonouredForItsWholeRetryAfterOrTwoMinutesWithoutOne() {
    gate.answered(0, 418, null, "600");
    assertThat(gate.hold(1)).isEqualTo(Hold.BANNED);
    now += 599_999;
    assertThat(gate.hold(1)).isEqualTo(Hold.BANNED);
    now += 1;
    assertThat(gate.hold(1)).isEqualTo(Hold.NONE);

    gate.answered(0, 418, null, null);
    assertThat(gate.waitMillis(1)).isEqualTo(RequestWeightGate.DEFAULT_BAN_MS);
  }

  @Test
  void aShorterRetryAfterDoesNotShortenARunningBan() {
    gate.answered(0, 418, null, "600");
    gate.answered(0, 429, null, "1");

    assertThat(gate.hold(1)).isEqualTo(Hold.BANNED);
    assertThat(gate.waitMillis(1)).isEqualTo(600_000);
  }

  @Test
  void anUnreadableHeaderLeavesTheLastReportedWeight() {
    gate.answered(0, 200, "90", null);
    gate.answered(0, 200, "lots", null);
    gate.answered(0, 500, null, null);

    assertThat(gate.usedWeight()).isEqualTo(90);
    assertThat(gate.hold(20)).isEqualTo(Hold.WEIGHT);
  }

  @Test
  void theLimitMustAdmitARequest() {
    assertThatThrownBy(() -> new RequestWeightGate(0, () -> now))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
