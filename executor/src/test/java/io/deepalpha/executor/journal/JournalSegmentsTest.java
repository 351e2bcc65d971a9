package io.deepalpha.executor.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepalpha.executor.core.FillEvent;
import io.deepalpha.executor.core.Leg;
import io.deepalpha.executor.core.OrderEvent;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segment files themselves: rolling, the next segment prepared ahead, the publishing cursor
 * across them, deletion, upgrade.
 */
class JournalSegmentsTest {
  private static final long SEGMENT_BYTES = 128 * 1024;

  @TempDir Path dir;

  private static OrderEvent order(int n) {
    OrderEvent e = new OrderEvent();
    e.clientOrderId = "client-" + n;
    e.signalId = "signal-" + n;
    e.instrument = "BTC-USDT";
    e.venueSymbol = "BTCUSDT";
    e.venue = Venue.BINANCE;
    e.side = Side.BUY;
    e.leg = Leg.BUY;
    e.status = OrderStatus.PENDING;
    e.mode = TradingMode.PAPER;
    e.price = 65_000_0000L + n;
    e.qty = 100_000L;
    e.eventTimeNs = n;
    return e;
  }

  /** Appends orders from number {@code from} until the journal asks for a roll; the next number. */
  private static int fillUntilRollNeeded(Journal journal, int from) {
    int n = from;
    while (!journal.needsRoll()) {
      journal.appendOrder(order(n++));
    }
    return n;
  }

  /** Appends orders until the journal asks for a roll, then rolls with an empty snapshot. */
  private static int fillAndRoll(Journal journal, int from) {
    int n = fillUntilRollNeeded(journal, from);
    journal.roll(j -> {});
    return n;
  }

  private static List<String> read(Journal.Cursor cursor) {
    List<String> out = new ArrayList<>();
    OrderEvent o = new OrderEvent();
    FillEvent f = new FillEvent();
    while (cursor.next(o, f) == Journal.TYPE_ORDER) {
      out.add(o.clientOrderId.toString());
    }
    return out;
  }

  private static List<String> expected(int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add("client-" + i);
    }
    return out;
  }

  @Test
  void aTailingCursorFollowsTheRollsAndReadsEveryRecordOnceInOrder() {
    try (Journal journal = Journal.open(dir, SEGMENT_BYTES)) {
      Journal.Cursor tail = journal.cursor();
      List<String> seen = new ArrayList<>();
      int n = 0;
      for (int roll = 0; roll < 3; roll++) {
        n = fillAndRoll(journal, n);
        seen.addAll(read(tail)); // reads up to the marker, then on into the new segment
      }
      journal.appendOrder(order(n++));
      seen.addAll(read(tail));
      assertThat(seen).containsExactlyElementsOf(expected(n));
      assertThat(n).isGreaterThan(3 * 200);
      assertThat(journal.activeSegment()).isEqualTo(4);
      assertThat(journal.segmentCount()).isEqualTo(4);
      assertThat(journal.rolls()).isEqualTo(3);
      assertThat(tail.segment()).isEqualTo(4);
      assertThat(journal.logicalPosition() - tail.logicalPosition()).isZero();
      assertThat(journal.lastRollNanos()).isPositive();
    }
  }

  @Test
  void releasedSegmentsAreDeletedAndACheckpointInThemResumesAtTheOldestLeft() throws IOException {
    try (Journal journal = Journal.open(dir, SEGMENT_BYTES)) {
      int n = 0;
      for (int roll = 0; roll < 3; roll++) {
        n = fillAndRoll(journal, n);
      }
      Journal.Cursor oldestLeft = journal.cursor();
      oldestLeft.seek(3L << 32);
      List<String> fromSegment3 = read(oldestLeft);
      long checkpointInSegment1 = journal.cursor().position() + 64; // a record further
      long bytesBefore = journal.retainedBytes();

      journal.releaseBefore(3);
      assertThat(Files.exists(Journal.segmentFile(dir, 1))).isFalse();
      assertThat(Files.exists(Journal.segmentFile(dir, 2))).isFalse();
      assertThat(Files.exists(Journal.segmentFile(dir, 3))).isTrue();
      assertThat(journal.segmentCount()).isEqualTo(2);
      assertThat(journal.retainedBytes()).isLessThan(bytesBefore / 2);
      Journal.Cursor resumed = journal.cursor();
      resumed.seek(checkpointInSegment1);
      assertThat(resumed.segment()).isEqualTo(3);
      List<String> resumedRecords = read(resumed);
      assertThat(resumedRecords).first().isNotEqualTo("client-0");
      assertThat(resumedRecords).containsExactlyElementsOf(fromSegment3);
      // The active segment is never released.
      journal.releaseBefore(99);
      assertThat(journal.segmentCount()).isEqualTo(2);
    }
    try (Journal reopened = Journal.open(dir, SEGMENT_BYTES)) {
      assertThat(reopened.segmentCount()).isEqualTo(2);
      assertThat(reopened.activeSegment()).isEqualTo(4);
    }
  }

  @Test
  void aRollThatWouldEatTheDiskReserveIsRefusedNamingTheKeysAndNothingIsCreated()
      throws IOException {
    long reserve = Files.getFileStore(dir).getUsableSpace() + (1L << 30);
    try (Journal journal = Journal.open(dir, SEGMENT_BYTES, reserve)) {
      int n = fillUntilRollNeeded(journal, 0);
      assertThat(journal.hasRoomForSignal()).isFalse();
      assertThatThrownBy(() -> journal.roll(j -> {}))
          .isInstanceOf(JournalFullException.class)
          .hasMessageContaining("cannot roll the journal to a new segment")
          .hasMessageContaining("JOURNAL_SIZE_MB")
          .hasMessageContaining(reserve + " must stay free (JOURNAL_MIN_FREE_MB)");
      assertThat(journal.rollFailure()).startsWith("cannot roll the journal");
      assertThat(Files.exists(Journal.segmentFile(dir, 2))).isFalse();
      // The reserve below the roll threshold still takes what is in flight.
      journal.appendOrder(order(n++));
      assertThat(read(journal.cursor())).hasSize(n);
    }
  }

  @Test
  void aSnapshotThatWouldFillHalfASegmentFailsTheRollInsteadOfRollingOnEveryEvent() {
    try (Journal journal = Journal.open(dir, SEGMENT_BYTES)) {
      int n = fillUntilRollNeeded(journal, 0);
      int[] written = {0};
      assertThatThrownBy(
              () ->
                  journal.roll(
                      j -> {
                        while (written[0] < 500) { // ~85 KB of 128 KB
                          j.appendSnapshotOrder(order(written[0]++));
                        }
                      }))
          .isInstanceOf(JournalFullException.class)
          .hasMessageContaining("over half a segment of 131072 bytes: raise JOURNAL_SIZE_MB");
      assertThat(Files.exists(Journal.segmentFile(dir, 2))).isFalse();
      assertThat(journal.activeSegment()).isEqualTo(1);
      journal.appendOrder(order(n++)); // still appends to the reserve of segment 1
      assertThat(read(journal.cursor())).hasSize(n);
      journal.roll(j -> j.appendSnapshotOrder(order(0))); // a small one is fine
      assertThat(journal.activeSegment()).isEqualTo(2);
    }
  }

  @Test
  void nothingIsPreparedBeforeTheActiveSegmentIsThreeQuartersFull() {
    long segment = 1024 * 1024;
    try (Journal journal = Journal.open(dir, segment)) {
      int n = 0;
      while (journal.position() < segment * 3 / 4 - Journal.MAX_RECORD) {
        journal.appendOrder(order(n++));
      }
      assertThat(journal.prepareNextSegment()).isFalse();
      assertThat(Files.exists(Journal.segmentFile(dir, 2))).isFalse();
      while (journal.position() < segment * 3 / 4) {
        journal.appendOrder(order(n++));
      }
      assertThat(journal.prepareNextSegment()).isTrue();
      assertThat(journal.nextSegmentPrepared()).isTrue();
      assertThat(journal.prepareNextSegment()).as("one prepared segment at a time").isFalse();
    }
  }

  @Test
  void aRollTakesTheSegmentPreparedAheadAndTheCursorReadsEveryRecordOnceInOrder()
      throws IOException {
    try (Journal journal = Journal.open(dir, SEGMENT_BYTES)) {
      Journal.Cursor tail = journal.cursor();
      int n = 0;
      journal.appendOrder(order(n++));
      assertThat(journal.prepareNextSegment()).isTrue(); // 128 KB: always the last quarter
      Path prepared = Journal.segmentFile(dir, 2);
      assertThat(Files.size(prepared)).isEqualTo(SEGMENT_BYTES);
      assertThat(journal.segmentCount()).as("not a segment until sealed").isEqualTo(1);
      assertThat(read(journal.cursor())).containsExactlyElementsOf(expected(n));

      n = fillAndRoll(journal, n);
      assertThat(journal.lastRollPrepared()).isTrue();
      assertThat(journal.nextSegmentPrepared()).isFalse();
      assertThat(journal.activeSegment()).isEqualTo(2);
      assertThat(journal.file()).isEqualTo(prepared);
      n = fillAndRoll(journal, n); // nothing prepared: the roll creates segment 3 itself
      assertThat(journal.lastRollPrepared()).isFalse();
      journal.appendOrder(order(n++));
      assertThat(read(tail)).containsExactlyElementsOf(expected(n));
      assertThat(journal.rolls()).isEqualTo(2);
    }
  }

  @Test
  void aPreparedSegmentNoRollTookIsDeletedAtOpenLikeARollStoppedBeforeTheSeal() throws IOException {
    Journal crashed = Journal.open(dir, SEGMENT_BYTES);
    int n = fillUntilRollNeeded(crashed, 0);
    assertThat(crashed.prepareNextSegment()).isTrue();
    assertThat(Files.exists(Journal.segmentFile(dir, 2))).isTrue();
    // kill -9: the crashed journal is neither rolled nor closed; its pages stay as they are.
    try (Journal reopened = Journal.open(dir, SEGMENT_BYTES)) {
      assertThat(Files.exists(Journal.segmentFile(dir, 2))).isFalse();
      assertThat(reopened.activeSegment()).isEqualTo(1);
      assertThat(reopened.needsRoll()).isTrue();
      assertThat(read(reopened.cursor())).containsExactlyElementsOf(expected(n));
      reopened.roll(j -> j.appendSnapshotOrder(order(0)));
      assertThat(reopened.activeSegment()).isEqualTo(2);
      reopened.appendOrder(order(n++));
      assertThat(read(reopened.cursor())).containsExactlyElementsOf(expected(n));
    } finally {
      crashed.close();
    }
    assertThat(Files.exists(Journal.segmentFile(dir, 2))).isTrue();
    try (Journal again = Journal.open(dir, SEGMENT_BYTES)) {
      assertThat(again.activeSegment()).isEqualTo(2);
      assertThat(read(again.cursor())).containsExactlyElementsOf(expected(n));
    }
  }

  @Test
  void theDiskReserveThatRefusesTheRollAlsoRefusesThePreparationAndTheRollFailsAsBefore()
      throws IOException {
    long reserve = Files.getFileStore(dir).getUsableSpace() + (1L << 30);
    try (Journal journal = Journal.open(dir, SEGMENT_BYTES, reserve)) {
      int n = fillUntilRollNeeded(journal, 0);
      assertThat(journal.prepareNextSegment()).isFalse();
      assertThat(journal.prepareFailure()).isEmpty();
      assertThat(Files.exists(Journal.segmentFile(dir, 2))).isFalse();
      assertThatThrownBy(() -> journal.roll(j -> {}))
          .isInstanceOf(JournalFullException.class)
          .hasMessageContaining(reserve + " must stay free (JOURNAL_MIN_FREE_MB)");
      assertThat(journal.activeSegment()).isEqualTo(1);
    }
  }

  @Test
  void aPreparationThatFailsIsRetriedAfterASecondAndTheRollCreatesTheSegmentMeanwhile()
      throws IOException {
    try (Journal journal = Journal.open(dir, SEGMENT_BYTES)) {
      Files.createDirectory(Journal.segmentFile(dir, 2)); // in the way of the new file
      int n = 0;
      journal.appendOrder(order(n++));
      assertThat(journal.prepareNextSegment()).isFalse();
      assertThat(journal.prepareFailure())
          .startsWith("cannot prepare journal segment in " + dir)
          .contains("executor-0000000002.journal");
      Files.delete(Journal.segmentFile(dir, 2));
      assertThat(journal.prepareNextSegment()).as("not within a second").isFalse();
      n = fillAndRoll(journal, n);
      assertThat(journal.lastRollPrepared()).isFalse();
      assertThat(journal.activeSegment()).isEqualTo(2);
      assertThat(read(journal.cursor())).containsExactlyElementsOf(expected(n));
    }
  }

  @Test
  void faultAheadKeepsTwoMegabytesOfPagesAheadOfTheWriterAndChangesNoRecord() {
    try (Journal journal = Journal.open(dir, 4 * 1024 * 1024)) {
      int n = 0;
      journal.appendOrder(order(n++));
      int pages = 0;
      for (int p; (p = journal.faultAhead()) > 0; ) {
        assertThat(p).isLessThanOrEqualTo(64); // a call stays short
        pages += p;
      }
      assertThat(pages).as("pages 1..511 after the tail's page 0").isEqualTo(511);
      while (journal.position() < 100 * 1024) {
        journal.appendOrder(order(n++));
      }
      pages = 0;
      for (int p; (p = journal.faultAhead()) > 0; ) {
        pages += p;
      }
      assertThat(pages).as("the window moved on with the tail: 25 pages").isEqualTo(25);
      assertThat(read(journal.cursor())).containsExactlyElementsOf(expected(n));
    }
  }

  @Test
  void aPreparerThreadRacingTheWriterNeverCreatesASegmentTwiceAndLosesNoRecord()
      throws InterruptedException {
    try (Journal journal = Journal.open(dir, SEGMENT_BYTES)) {
      AgentRunner preparer = SegmentPreparer.start(journal);
      Journal.Cursor tail = journal.cursor();
      List<String> seen = new ArrayList<>();
      int n = 0;
      int prepared = 0;
      try {
        for (int roll = 0; roll < 40; roll++) {
          if (roll % 2 == 0) { // every other roll waits for the preparer; the rest race it
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!journal.nextSegmentPrepared() && System.nanoTime() - deadline < 0) {
              Thread.sleep(1);
            }
          }
          n = fillAndRoll(journal, n);
          prepared += journal.lastRollPrepared() ? 1 : 0;
          seen.addAll(read(tail));
          journal.releaseBefore(journal.activeSegment());
        }
      } finally {
        preparer.close();
      }
      seen.addAll(read(tail));
      assertThat(seen).containsExactlyElementsOf(expected(n));
      assertThat(journal.activeSegment()).isEqualTo(41);
      assertThat(prepared).isGreaterThanOrEqualTo(20);
      assertThat(journal.prepareFailure()).isEmpty();
    }
  }

  @Test
  void theSingleFileOfEarlierVersionsIsReadAsSegmentZeroAndRollsOn() throws IOException {
    try (Journal journal = Journal.open(dir, SEGMENT_BYTES)) {
      for (int i = 0; i < 10; i++) {
        journal.appendOrder(order(i));
      }
    }
    // What the earlier version wrote: version 1 header, records from byte 64, one file.
    Path file = Journal.segmentFile(dir, 1);
    var mapped = IoUtil.mapExistingFile(file.toFile(), "test", 0, Files.size(file));
    new UnsafeBuffer(mapped).putInt(Journal.HEADER_VERSION, Journal.VERSION_SINGLE_FILE);
    new UnsafeBuffer(mapped).putLong(Journal.HEADER_SEQ, 0);
    new UnsafeBuffer(mapped).putInt(Journal.HEADER_DATA_START, 0);
    IoUtil.unmap(mapped);
    Files.move(file, dir.resolve(Journal.LEGACY_FILE));

    try (Journal journal = Journal.open(dir, SEGMENT_BYTES)) {
      assertThat(journal.activeSegment()).isZero();
      assertThat(Files.exists(dir.resolve(Journal.LEGACY_FILE))).isFalse();
      // An old checkpoint (a plain offset) is a position in segment 0.
      Journal.Cursor old = journal.cursor();
      old.seek(Journal.FILE_HEADER);
      assertThat(read(old)).containsExactlyElementsOf(expected(10));
      int n = fillAndRoll(journal, 10);
      journal.appendOrder(order(n++));
      assertThat(journal.activeSegment()).isEqualTo(1);
      assertThat(read(journal.cursor())).containsExactlyElementsOf(expected(n));
    }
  }
}
