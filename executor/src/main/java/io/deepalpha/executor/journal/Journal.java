package io.deepalpha.executor.journal;

import io.deepalpha.executor.core.FillEvent;
import io.deepalpha.executor.core.Leg;
import io.deepalpha.executor.core.OrderEvent;
import io.deepalpha.executor.risk.InstrumentBook;
import io.deepalpha.executor.risk.RejectReason;
import io.deepalpha.executor.risk.SignalIds;
import io.deepalpha.model.event.Liquidity;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.OrderType;
import io.deepalpha.model.event.Side;
import io.deepalpha.model.event.TimeInForce;
import io.deepalpha.model.event.TradingMode;
import io.deepalpha.model.event.Venue;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.agrona.BitUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The executor's append-only journal: every order revision and fill, in the order they happened, in
 * memory-mapped segment files of JOURNAL_SIZE_MB each. It is the source of truth for recovery
 * (which signals have an outcome, which orders are open, positions) and the outbox that {@link
 * io.deepalpha.executor.kafka.OutcomePublisher} turns into exec.orders / exec.fills.
 *
 * <p>Why a mapped file: an append is a few memory stores, no system call and no allocation, and it
 * survives a kill -9 of the process (the pages belong to the kernel). Only a power loss can lose
 * what was not yet forced to disk: JOURNAL_FSYNC says how often {@link #force()} runs.
 *
 * <p>Record: int length (written last, with release semantics, so a concurrent reader never sees
 * half a record), int type, payload; 8-byte aligned. A zero length is the end. One writer thread;
 * readers use {@link #cursor()} from any thread.
 *
 * <p>Segments ({@code executor-<seq>.journal}). When the active segment has less than {@link
 * #ROLL_RESERVE} left, the writer {@link #roll}s at its next safe point (between two events):
 *
 * <ol>
 *   <li>takes segment seq+1, prepared ahead by another thread ({@link #prepareNextSegment}: file
 *       created, sized, mapped, header magic, version 2, seq, data start 0 = incomplete, and the
 *       pages the snapshot will take faulted in), or creates it itself when none is ready;
 *   <li>writes a snapshot into it: the signal ids still inside the dedup horizon, the books
 *       (positions, cost basis, PnL) and every order still in flight ({@code TYPE_SNAPSHOT_*});
 *   <li>seals it: the header's data start is set (release) — from here recovery uses it;
 *   <li>appends a {@code NEXT_SEGMENT} marker to the old segment, so that the publisher's cursor
 *       moves on once it has published everything before it;
 *   <li>switches appends to the new segment.
 * </ol>
 *
 * The old segment is deleted by the publisher ({@link #releaseBefore}) once its checkpoint is in a
 * newer segment, after forcing that segment and the directory. {@link #open} accepts every state a
 * kill -9 can leave between these steps: an incomplete newest segment is deleted (its predecessor
 * is complete and still the recovery source), a missing marker is added. A prepared segment that no
 * roll took yet is such an incomplete newest segment.
 *
 * <p>Why prepare ahead: creating, sizing and mapping a file and the first write faults into its
 * sparse pages take milliseconds (file system block allocation, inode updates), far longer than
 * writing the snapshot into pages that are already there. The preparer starts when the active
 * segment has a quarter left (at least {@code 4 * ROLL_RESERVE}); who creates segment seq+1 — the
 * preparer or a roll that found nothing ready — is decided by one compare-and-set, so a file is
 * never created twice and the writer never takes a lock. For the same reason the preparer keeps the
 * active segment's pages faulted in ahead of the writer ({@link #faultAhead}): a first write into a
 * page of a sparse file is a page fault that allocates (microseconds, at times much more).
 */
public final class Journal implements AutoCloseable {
  public static final int TYPE_ORDER = 1;
  public static final int TYPE_FILL = 2;

  /** An order still in flight at the roll, carried into the new segment (order layout). */
  public static final int TYPE_SNAPSHOT_ORDER = 3;

  /** Signal ids inside the dedup horizon at the roll: (64-bit hash, outcome time µs) pairs. */
  public static final int TYPE_SNAPSHOT_IDS = 4;

  /** One instrument's positions, cost basis, realized PnL and fees at the roll. */
  public static final int TYPE_SNAPSHOT_BOOK = 5;

  static final int TYPE_NEXT_SEGMENT = 6;

  static final int FILE_HEADER = 64;
  static final int MAGIC = 0x44414a31; // "DAJ1"
  static final int VERSION_SINGLE_FILE = 1;
  static final int VERSION_SEGMENTED = 2;
  static final int HEADER_VERSION = 4;
  static final int HEADER_SEQ = 8;
  static final int HEADER_DATA_START = 16;
  private static final int RECORD_HEADER = 8;
  static final int MAX_RECORD = 4096;
  private static final int IDS_PER_RECORD = (MAX_RECORD - RECORD_HEADER - 8) / 16;
  private static final int VENUES = Venue.values().length;

  /**
   * Roll when less than this is left: the most one event (a signal, a venue answer with its fill,
   * final revision, note and unwind) appends between two safe points is a few records.
   */
  public static final int ROLL_RESERVE = 8 * MAX_RECORD;

  /** Prepared pages beyond the header at least; else twice the last snapshot. */
  static final int PREFAULT_MIN = 64 * 1024;

  /** How far beyond the writer's tail the preparer keeps the active segment's pages faulted in. */
  static final int FAULT_AHEAD = 2 * 1024 * 1024;

  private static final int PAGE = 4096;
  private static final int FAULT_PAGES_PER_CALL = 64;
  private static final long PREPARE_RETRY_NS = 1_000_000_000L;

  // States of the next segment besides "nothing yet" (null) and "prepared" (the Segment).
  private static final Object PREPARING = new Object();
  private static final Object ROLLING = new Object();
  private static final Object CLOSED = new Object();

  static final String LEGACY_FILE = "executor.journal";
  private static final Pattern SEGMENT_NAME = Pattern.compile("executor-(\\d{10})\\.journal");

  /** Where a roll can be stopped in a crash test; each leaves the on-disk state a kill -9 would. */
  public enum RollStep {
    FILE_ALLOCATED,
    HEADER_WRITTEN,
    SNAPSHOT_WRITTEN,
    SEALED,
    OLD_MARKED
  }

  /** Writes the state that must survive the roll, with the {@code appendSnapshot*} methods. */
  @FunctionalInterface
  public interface Snapshot {
    void write(Journal journal);
  }

  private final Path dir;
  private final long segmentBytes;
  private final long minFreeBytes;
  private final FileStore store;
  private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
  // Segment seq+1: null, PREPARING (preparer thread), ROLLING (writer), CLOSED, or prepared.
  private final AtomicReference<Object> upcoming = new AtomicReference<>();
  private volatile Segment active;
  // Where appends go: the active segment, or the next one while its snapshot is written.
  private Segment target;
  private volatile long rolls;
  private volatile long lastRollNanos;
  private volatile long maxRollNanos;
  private volatile String rollFailure = "";
  private volatile boolean lastRollPrepared;
  private volatile int lastSnapshotBytes;
  private volatile String prepareFailure = "";
  private boolean prepareFailed; // preparer thread
  private long prepareFailedAtNs; // preparer thread
  private Segment faultSegment; // preparer thread
  private int faultedTo; // preparer thread
  // The segment the preparer is faulting pages of: releaseBefore waits for it before unmapping.
  private volatile Segment touching;

  private Journal(Path dir, long segmentBytes, long minFreeBytes) throws IOException {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.minFreeBytes = minFreeBytes;
    // Looked up once: getFileStore reads the mount table, getUsableSpace is one statvfs.
    this.store = Files.getFileStore(dir);
  }

  /** Opens the journal in {@code dir}; segments of {@code sizeBytes}, no disk reserve. */
  public static Journal open(Path dir, long sizeBytes) {
    return open(dir, sizeBytes, 0);
  }

  /**
   * Opens the journal in {@code dir}, creating the first segment if there is none, and repairs what
   * a crash during a roll left (see the class comment). A roll needs {@code segmentBytes + minFree}
   * usable on the disk.
   */
  public static Journal open(Path dir, long segmentBytes, long minFreeBytes) {
    try {
      Files.createDirectories(dir);
      Journal j = new Journal(dir, segmentBytes, minFreeBytes);
      j.load();
      return j;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the journal in " + dir, e);
    }
  }

  static Path segmentFile(Path dir, long seq) {
    return dir.resolve(String.format("executor-%010d.journal", seq));
  }

  private void load() throws IOException {
    Path legacy = dir.resolve(LEGACY_FILE);
    if (Files.exists(legacy)) {
      // The single file of earlier versions is segment 0 (its checkpoint reads as segment 0 too).
      Files.move(legacy, segmentFile(dir, 0));
    }
    List<Segment> complete = new ArrayList<>();
    for (long seq : segmentSeqs(dir)) {
      Segment s = mapSegment(segmentFile(dir, seq), seq);
      if (s.dataStart > 0) {
        complete.add(s);
      } else {
        // A roll stopped before the seal: the previous segment still holds everything.
        s.unmapAndDelete();
      }
    }
    if (complete.isEmpty()) {
      Segment first = createSegment(1);
      seal(first, FILE_HEADER);
      complete.add(first);
    }
    long logical = 0;
    for (int i = 0; i < complete.size(); i++) {
      Segment s = complete.get(i);
      s.tail = s.scanEnd();
      s.startLogical = logical;
      if (i + 1 < complete.size()) {
        Segment next = complete.get(i + 1);
        s.next = next;
        if (!s.endsWithMarker()) {
          s.appendMarker(next.seq); // the roll stopped between the seal and the marker
        }
      }
      logical += s.tail;
      segments.put(s.seq, s);
    }
    Segment newest = complete.get(complete.size() - 1);
    // A kill -9 in the middle of an append leaves payload bytes without a length; clear them so
    // that they cannot be read as the length of a later record.
    newest.buffer.setMemory(
        newest.tail, Math.min(2 * MAX_RECORD, newest.buffer.capacity() - newest.tail), (byte) 0);
    active = newest;
    target = newest;
    lastSnapshotBytes = newest.dataStart - FILE_HEADER;
  }

  static List<Long> segmentSeqs(Path dir) throws IOException {
    List<Long> seqs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(
          f -> {
            Matcher m = SEGMENT_NAME.matcher(f.getFileName().toString());
            if (m.matches()) {
              seqs.add(Long.parseLong(m.group(1)));
            }
          });
    }
    seqs.sort(null);
    return seqs;
  }

  private Segment createSegment(long seq) throws IOException {
    Path file = segmentFile(dir, seq);
    // Never an existing file: a sealed segment must not get a new header.
    Files.createFile(file);
    Segment s;
    try {
      // Sparse: the file system hands out zeroed pages as the journal grows into them.
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(segmentBytes);
      }
      s = mapSegment(file, seq);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file); // a later attempt creates it again
      throw e;
    }
    s.buffer.putInt(HEADER_VERSION, VERSION_SEGMENTED);
    s.buffer.putLong(HEADER_SEQ, seq);
    s.buffer.putIntOrdered(0, MAGIC);
    s.tail = FILE_HEADER;
    return s;
  }

  private static Segment mapSegment(Path file, long seq) throws IOException {
    long size = Files.size(file);
    if (size < FILE_HEADER) {
      Files.delete(file); // created, not yet sized: nothing was ever written
      return new Segment(seq, file, null);
    }
    return new Segment(
        seq, file, IoUtil.mapExistingFile(file.toFile(), "executor journal", 0, size));
  }

  private static void seal(Segment s, int dataStart) {
    s.buffer.putIntOrdered(HEADER_DATA_START, dataStart);
    s.dataStart = dataStart;
  }

  /** The active segment's file. */
  public Path file() {
    return active.file;
  }

  public Path dir() {
    return dir;
  }

  /** Bytes used in the active segment, header and snapshot included. */
  public int position() {
    return active.tail;
  }

  /** Size of one segment. */
  public int capacity() {
    return active.buffer.capacity();
  }

  /**
   * Bytes appended since the oldest retained segment began, over every segment: the publisher's lag
   * is measured on this scale.
   */
  public long logicalPosition() {
    Segment a = active;
    return a.startLogical + a.tail;
  }

  /** Bytes used in every retained segment (the active one and those not yet published). */
  public long retainedBytes() {
    Map.Entry<Long, Segment> oldest = segments.firstEntry();
    return oldest == null ? 0 : logicalPosition() - oldest.getValue().startLogical;
  }

  /**
   * What the journal can grow to: the segments on disk plus the whole segments the disk still has
   * room for beyond the reserve. {@link #retainedBytes()} reaching it means the next roll fails.
   * Asks the file system (off the hot path: metrics).
   */
  public long capacityBytes() {
    long usable;
    try {
      usable = store.getUsableSpace();
    } catch (IOException e) {
      usable = 0;
    }
    long more = Math.max(0, usable - minFreeBytes) / segmentBytes * segmentBytes;
    return (long) segments.size() * segmentBytes + more;
  }

  public int segmentCount() {
    return segments.size();
  }

  public long activeSegment() {
    return active.seq;
  }

  public long rolls() {
    return rolls;
  }

  public long lastRollNanos() {
    return lastRollNanos;
  }

  public long maxRollNanos() {
    return maxRollNanos;
  }

  /** Why the last roll failed, or empty. */
  public String rollFailure() {
    return rollFailure;
  }

  /** True when the last roll took a segment prepared ahead instead of creating one. */
  public boolean lastRollPrepared() {
    return lastRollPrepared;
  }

  /** True while segment seq+1 is prepared and waits for the roll. */
  public boolean nextSegmentPrepared() {
    return upcoming.get() instanceof Segment;
  }

  /** Why the last preparation of a segment failed, or empty (the roll then creates it). */
  public String prepareFailure() {
    return prepareFailure;
  }

  /** Hot path: true when the writer should {@link #roll} at its next safe point. */
  public boolean needsRoll() {
    Segment a = active;
    return a.buffer.capacity() - a.tail < ROLL_RESERVE;
  }

  /** Room for another outcome: in the active segment, or on the disk for the next one. */
  public boolean hasRoomForSignal() {
    return !needsRoll() || rollFailure.isEmpty() && diskRoomProblem() == null;
  }

  private String diskRoomProblem() {
    try {
      long usable = store.getUsableSpace();
      if (usable < segmentBytes + minFreeBytes) {
        return "cannot roll the journal to a new segment: "
            + usable
            + " bytes usable on the disk of "
            + dir
            + ", a segment needs "
            + segmentBytes
            + " (JOURNAL_SIZE_MB) and "
            + minFreeBytes
            + " must stay free (JOURNAL_MIN_FREE_MB)";
      }
      return null;
    } catch (IOException e) {
      return "cannot roll the journal: " + e;
    }
  }

  /**
   * Starts a new segment whose snapshot carries what recovery needs; writer thread, at a point
   * where the in-memory state equals what the journal says. Allocates (rare).
   *
   * @throws JournalFullException when the disk has no room for a new segment
   */
  public void roll(Snapshot snapshot) {
    rollStoppingAfter(snapshot, null);
  }

  /**
   * {@link #roll}, stopped after {@code step} as a kill -9 there would (null: the whole roll). For
   * crash tests: the journal object must not be used afterwards, only reopened.
   */
  public void rollStoppingAfter(Snapshot snapshot, RollStep step) {
    long started = System.nanoTime();
    Segment prepared = claimUpcoming();
    try {
      rollOnto(prepared, snapshot, step, started);
    } finally {
      upcoming.set(null);
    }
  }

  private void rollOnto(Segment prepared, Snapshot snapshot, RollStep step, long started) {
    String problem = diskRoomProblem();
    if (problem != null) {
      if (prepared != null) {
        prepared.unmapAndDelete(); // journal full looks the same on disk, prepared or not
      }
      rollFailure = problem;
      throw new JournalFullException(problem);
    }
    Segment old = active;
    long seq = old.seq + 1;
    Segment next = prepared;
    if (next == null) {
      next = createOnWriter(seq, step);
      if (next == null) {
        return; // stopped after FILE_ALLOCATED
      }
    } else if (step == RollStep.FILE_ALLOCATED) {
      return; // the prepared segment is past both steps already
    }
    if (step == RollStep.HEADER_WRITTEN) {
      return;
    }
    next.startLogical = old.startLogical + old.tail;
    target = next;
    boolean fits;
    try {
      snapshot.write(this);
      // A snapshot that leaves less than half the segment would make rolls follow each other.
      fits = next.buffer.capacity() - next.tail >= next.buffer.capacity() / 2;
    } catch (JournalFullException e) {
      fits = false;
    } catch (RuntimeException e) {
      target = old;
      next.unmapAndDelete();
      throw e;
    }
    if (!fits) {
      int took = next.tail;
      target = old;
      next.unmapAndDelete();
      rollFailure =
          "the snapshot (signal ids inside the dedup horizon, books, orders in flight) needs "
              + took
              + " bytes or more, over half a segment of "
              + segmentBytes
              + " bytes: raise JOURNAL_SIZE_MB";
      throw new JournalFullException(rollFailure);
    }
    if (step == RollStep.SNAPSHOT_WRITTEN) {
      return;
    }
    seal(next, next.tail);
    segments.put(seq, next);
    if (step == RollStep.SEALED) {
      return;
    }
    old.next = next;
    old.appendMarker(seq);
    if (step == RollStep.OLD_MARKED) {
      return;
    }
    active = next;
    rollFailure = "";
    lastSnapshotBytes = next.dataStart - FILE_HEADER;
    lastRollPrepared = prepared != null;
    long took = System.nanoTime() - started;
    lastRollNanos = took;
    maxRollNanos = Math.max(maxRollNanos, took);
    rolls = rolls + 1;
  }

  /**
   * The writer's claim on segment seq+1: the prepared one, or null when it has to create it. While
   * the preparer is in the middle of it, waits for it (no longer than creating it here would take).
   */
  private Segment claimUpcoming() {
    while (true) {
      Object u = upcoming.get();
      if (u == PREPARING) {
        Thread.onSpinWait();
      } else if (u instanceof Segment s) {
        if (upcoming.compareAndSet(s, ROLLING)) {
          return s;
        }
      } else if (u == null) {
        if (upcoming.compareAndSet(null, ROLLING)) {
          return null;
        }
      } else {
        throw new IllegalStateException("journal " + dir + " is closed");
      }
    }
  }

  /** The roll's own segment when none was prepared (the way every roll worked before). */
  private Segment createOnWriter(long seq, RollStep step) {
    try {
      if (step == RollStep.FILE_ALLOCATED) {
        try (RandomAccessFile raf = new RandomAccessFile(segmentFile(dir, seq).toFile(), "rw")) {
          raf.setLength(segmentBytes);
        }
        return null;
      }
      return createSegment(seq);
    } catch (IOException e) {
      rollFailure = "cannot create journal segment " + seq + " in " + dir + ": " + e;
      throw new JournalFullException(rollFailure);
    }
  }

  /**
   * Prepares segment seq+1 for the next roll when the active segment has a quarter left (at least
   * {@code 4 * ROLL_RESERVE}): creates, sizes and maps the file, writes its header (data start 0:
   * incomplete, so a crash leaves nothing {@link #open} would use) and faults in twice the last
   * snapshot's pages. Any thread but the writer (the journal preparer). Does nothing when the disk
   * reserve would refuse the roll (the roll then fails as without preparation) or within a second
   * of a failed attempt ({@link #prepareFailure}).
   *
   * @return true when it prepared a segment
   */
  public boolean prepareNextSegment() {
    if (upcoming.get() != null
        || !activeNearlyFull()
        || prepareFailed && System.nanoTime() - prepareFailedAtNs < PREPARE_RETRY_NS) {
      return false;
    }
    if (diskRoomProblem() != null || !upcoming.compareAndSet(null, PREPARING)) {
      return false;
    }
    Segment prepared = null;
    try {
      // Read after the claim: a roll that switched before it cannot switch again until released.
      Segment a = active;
      if (activeNearlyFull()) {
        prepared = createSegment(a.seq + 1);
        prefault(prepared);
        prepareFailed = false;
        prepareFailure = "";
      }
    } catch (IOException | RuntimeException | InternalError e) {
      // InternalError: a page the disk could not back (SIGBUS in a mapped write), here and not
      // on the writer.
      prepareFailure = "cannot prepare journal segment in " + dir + ": " + e;
      prepareFailed = true;
      prepareFailedAtNs = System.nanoTime();
      if (prepared != null) {
        prepared.unmapAndDelete();
        prepared = null;
      }
    } finally {
      if (!upcoming.compareAndSet(PREPARING, prepared) && prepared != null) {
        IoUtil.unmap(prepared.mapped); // closed meanwhile: leave the file to open()
      }
    }
    return prepared != null;
  }

  /**
   * Faults in the active segment's pages up to {@link #FAULT_AHEAD} beyond the writer's tail, at
   * most 64 pages a call, so that the writer's appends find them allocated and mapped instead of
   * taking the page fault (file system block allocation, a zeroed page) themselves. Each page gets
   * a compare-and-set of a zero word to zero: a write access, so the kernel maps the page writable,
   * that never changes a byte, whatever the writer has written there meanwhile. Any thread but the
   * writer (the journal preparer); a page the disk cannot back (SIGBUS) ends it for that segment,
   * and the writer then meets the fault as it would without this.
   *
   * @return the pages faulted in
   */
  public int faultAhead() {
    Segment a = active;
    touching = a;
    try {
      if (active != a) {
        return 0; // rolled in between; a release of the old segment may not wait for us
      }
      if (a != faultSegment) {
        faultSegment = a;
        faultedTo = 0;
      }
      int capacity = a.buffer.capacity();
      int tailPage = a.tail & -PAGE; // the writer's; a stale value only faults less far ahead
      int at = Math.max(faultedTo, tailPage + PAGE);
      int end = (int) Math.min(capacity, (long) tailPage + FAULT_AHEAD);
      int pages = 0;
      try {
        for (; at < end && pages < FAULT_PAGES_PER_CALL; at += PAGE, pages++) {
          a.buffer.compareAndSetLong(at, 0L, 0L);
        }
      } catch (InternalError e) {
        at = capacity;
      }
      faultedTo = Math.max(faultedTo, at);
      return pages;
    } finally {
      touching = null;
    }
  }

  private boolean activeNearlyFull() {
    Segment a = active;
    int capacity = a.buffer.capacity();
    // A benign race: tail is the writer's; a stale value only delays the preparation.
    return capacity - a.tail <= Math.max(capacity / 4, 4 * ROLL_RESERVE);
  }

  /**
   * Writes into every page the snapshot will take (twice the last one, {@link #PREFAULT_MIN} at
   * least), so that the file system allocates them here and not on the writer's roll.
   */
  private void prefault(Segment s) {
    long want = Math.max(PREFAULT_MIN, 2L * lastSnapshotBytes);
    int end = (int) Math.min(s.buffer.capacity() / 2, FILE_HEADER + want);
    for (int at = PAGE; at < end; at += PAGE) {
      s.buffer.putByte(at, (byte) 0); // page 0 has the header already
    }
  }

  /**
   * Deletes every segment before {@code seq}: their records are published and the snapshot of a
   * later segment carries their state. Forces segment {@code seq} and the directory first, so that
   * a power loss cannot take the snapshot with it. Publisher thread only (the only reader of old
   * segments).
   */
  public void releaseBefore(long seq) {
    if (segments.isEmpty() || segments.firstKey() >= seq || seq > active.seq) {
      return;
    }
    Segment keep = segments.get(seq);
    if (keep != null) {
      keep.mapped.force();
    }
    for (Segment s : segments.headMap(seq).values()) {
      segments.remove(s.seq);
      while (touching == s) {
        Thread.yield(); // the preparer faults its last pages in: unmapping now would crash it
      }
      s.unmapAndDelete();
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not every file system lets a directory be forced; the deletes stand anyway.
    }
  }

  public void appendOrder(OrderEvent e) {
    putOrder(TYPE_ORDER, e);
  }

  /** A snapshot record of an order in flight (inside {@link Snapshot#write} only). */
  public void appendSnapshotOrder(OrderEvent e) {
    putOrder(TYPE_SNAPSHOT_ORDER, e);
  }

  /** Snapshot records of every id in {@code ids}, oldest first (inside {@link Snapshot#write}). */
  public void appendSnapshotIds(SignalIds ids) {
    int n = ids.size();
    for (int from = 0; from < n; from += IDS_PER_RECORD) {
      int count = Math.min(IDS_PER_RECORD, n - from);
      UnsafeBuffer buffer = target.buffer;
      int start = begin();
      int at = start + RECORD_HEADER;
      buffer.putInt(at, count);
      at += 8;
      for (int i = 0; i < count; i++) {
        buffer.putLong(at, ids.hashAt(from + i));
        buffer.putLong(at + 8, ids.timeAt(from + i));
        at += 16;
      }
      commit(start, TYPE_SNAPSHOT_IDS, at);
    }
  }

  /** A snapshot record of one book's positions and PnL (inside {@link Snapshot#write}). */
  public void appendSnapshotBook(InstrumentBook book) {
    UnsafeBuffer buffer = target.buffer;
    int start = begin();
    int at = putString(buffer, start + RECORD_HEADER, book.instrument());
    at = BitUtil.align(at, 8);
    buffer.putInt(at, VENUES);
    at += 8;
    for (Venue v : Venue.values()) {
      buffer.putLong(at, book.position(v));
      buffer.putDouble(at + 8, book.costBasis(v));
      at += 16;
    }
    buffer.putDouble(at, book.realizedPnl());
    buffer.putDouble(at + 8, book.feesPaid());
    commit(start, TYPE_SNAPSHOT_BOOK, at + 16);
  }

  private void putOrder(int type, OrderEvent e) {
    UnsafeBuffer buffer = target.buffer;
    int start = begin();
    int at = start + RECORD_HEADER;
    at = putString(buffer, at, e.clientOrderId);
    buffer.putInt(at, e.revision);
    buffer.putByte(at + 4, (byte) e.venue.ordinal());
    buffer.putByte(at + 5, (byte) e.side.ordinal());
    buffer.putByte(at + 6, (byte) e.orderType.ordinal());
    buffer.putByte(at + 7, (byte) e.timeInForce.ordinal());
    buffer.putByte(at + 8, (byte) e.priceScale);
    buffer.putByte(at + 9, (byte) e.sizeScale);
    buffer.putByte(at + 10, (byte) e.status.ordinal());
    buffer.putByte(at + 11, (byte) e.rejectReason.ordinal());
    buffer.putByte(at + 12, (byte) e.reasonVenue.ordinal());
    buffer.putByte(at + 13, (byte) e.mode.ordinal());
    buffer.putByte(at + 14, (byte) e.leg.ordinal());
    at += 16;
    buffer.putLong(at, e.price);
    buffer.putLong(at + 8, e.qty);
    buffer.putLong(at + 16, e.filledQty);
    buffer.putLong(at + 24, e.avgFillPrice);
    buffer.putDouble(at + 32, e.reasonValue);
    buffer.putDouble(at + 40, e.reasonLimit);
    buffer.putLong(at + 48, e.signalTimeUs);
    buffer.putLong(at + 56, e.eventTimeNs);
    at += 64;
    at = putString(buffer, at, e.signalId);
    at = putString(buffer, at, e.instrument);
    at = putString(buffer, at, e.venueSymbol);
    at = putString(buffer, at, e.note);
    at = putString(buffer, at, e.venueOrderId);
    commit(start, type, at);
  }

  public void appendFill(FillEvent f) {
    UnsafeBuffer buffer = target.buffer;
    int start = begin();
    int at = start + RECORD_HEADER;
    at = putString(buffer, at, f.fillId);
    at = putString(buffer, at, f.clientOrderId);
    at = putString(buffer, at, f.signalId);
    at = putString(buffer, at, f.instrument);
    at = putString(buffer, at, f.feeAsset);
    buffer.putByte(at, (byte) f.venue.ordinal());
    buffer.putByte(at + 1, (byte) f.side.ordinal());
    buffer.putByte(at + 2, (byte) f.priceScale);
    buffer.putByte(at + 3, (byte) f.sizeScale);
    buffer.putByte(at + 4, (byte) f.feeScale);
    buffer.putByte(at + 5, (byte) f.liquidity.ordinal());
    buffer.putByte(at + 6, (byte) f.mode.ordinal());
    at += 8;
    buffer.putLong(at, f.price);
    buffer.putLong(at + 8, f.qty);
    buffer.putLong(at + 16, f.fee);
    buffer.putLong(at + 24, f.exchangeTimeUs);
    buffer.putLong(at + 32, f.receiveTimeNs);
    at += 40;
    commit(start, TYPE_FILL, at);
  }

  private int begin() {
    Segment t = target;
    // The last MAX_RECORD stay free for the NEXT_SEGMENT marker of a roll.
    if (t.buffer.capacity() - t.tail < 2 * MAX_RECORD) {
      throw new JournalFullException(
          "journal segment "
              + t.file
              + " is full ("
              + t.buffer.capacity()
              + " bytes)"
              + (rollFailure.isEmpty() ? "" : ": " + rollFailure));
    }
    return t.tail;
  }

  private void commit(int start, int type, int end) {
    Segment t = target;
    int length = end - start;
    t.buffer.putInt(start + 4, type);
    // Release: the payload is visible before a reader can see the length.
    t.buffer.putIntOrdered(start, length);
    t.tail = start + BitUtil.align(length, 8);
  }

  /** Strings as a length (-1 = null) and UTF-16 chars: exact for any text, no encoder needed. */
  private static int putString(UnsafeBuffer buffer, int at, CharSequence s) {
    if (s == null) {
      buffer.putShort(at, (short) -1);
      return at + 2;
    }
    int n = Math.min(s.length(), 1000);
    buffer.putShort(at, (short) n);
    at += 2;
    for (int i = 0; i < n; i++) {
      buffer.putChar(at, s.charAt(i), ByteOrder.LITTLE_ENDIAN);
      at += 2;
    }
    return at;
  }

  /** Forces the active segment's mapped pages to disk (msync). */
  public void force() {
    active.mapped.force();
  }

  /**
   * A reader of the published records (orders and fills) of every retained segment, from the
   * oldest, following the segments' NEXT markers; snapshot records are not returned.
   */
  public Cursor cursor() {
    Segment oldest = segments.firstEntry().getValue();
    return new Cursor(oldest, oldest.dataStart, true);
  }

  /**
   * The recovery source: the active segment from its first record, snapshot records included. Open
   * once, before the writer appends.
   */
  public Cursor recoveryCursor() {
    return new Cursor(active, FILE_HEADER, false);
  }

  @Override
  public void close() {
    if (upcoming.getAndSet(CLOSED) instanceof Segment prepared) {
      // Not deleted: another journal may own the directory by now (tests); open() deletes it.
      IoUtil.unmap(prepared.mapped);
    }
    for (Segment s : segments.values()) {
      IoUtil.unmap(s.mapped);
    }
    segments.clear();
  }

  /** One segment file, mapped. */
  static final class Segment {
    final long seq;
    final Path file;
    final java.nio.MappedByteBuffer mapped;
    final UnsafeBuffer buffer;
    int dataStart;
    int tail = FILE_HEADER;
    long startLogical;
    volatile Segment next;

    Segment(long seq, Path file, java.nio.MappedByteBuffer mapped) {
      this.seq = seq;
      this.file = file;
      this.mapped = mapped;
      this.buffer =
          mapped == null ? new UnsafeBuffer(new byte[FILE_HEADER]) : new UnsafeBuffer(mapped);
      int magic = buffer.getIntVolatile(0);
      if (magic == 0) {
        dataStart = 0; // allocated, header not yet written
      } else if (magic != MAGIC) {
        throw new IllegalStateException(file + " is not an executor journal");
      } else if (buffer.getInt(HEADER_VERSION) == VERSION_SINGLE_FILE) {
        dataStart = FILE_HEADER; // the single file of earlier versions: no snapshot
      } else {
        dataStart = buffer.getIntVolatile(HEADER_DATA_START);
      }
    }

    int scanEnd() {
      int at = FILE_HEADER;
      while (at + RECORD_HEADER <= buffer.capacity()) {
        int length = buffer.getIntVolatile(at);
        if (length <= 0) {
          break;
        }
        at += BitUtil.align(length, 8);
      }
      return at;
    }

    boolean endsWithMarker() {
      int at = FILE_HEADER;
      int last = -1;
      while (at < tail) {
        last = at;
        at += BitUtil.align(buffer.getInt(at), 8);
      }
      return last >= 0 && buffer.getInt(last + 4) == TYPE_NEXT_SEGMENT;
    }

    void appendMarker(long nextSeq) {
      int start = tail;
      buffer.putLong(start + RECORD_HEADER, nextSeq);
      buffer.putInt(start + 4, TYPE_NEXT_SEGMENT);
      buffer.putIntOrdered(start, RECORD_HEADER + 8);
      tail = start + RECORD_HEADER + 8;
    }

    void unmapAndDelete() {
      if (mapped != null) {
        IoUtil.unmap(mapped);
      }
      try {
        Files.deleteIfExists(file);
      } catch (NoSuchFileException e) {
        // gone already
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete journal segment " + file, e);
      }
    }
  }

  /**
   * Reads records in order; {@link #next} returns the type of the record it decoded, or 0. A
   * publishing cursor follows NEXT markers into the next segment and skips snapshot records.
   */
  public final class Cursor {
    private Segment segment;
    private int at;
    private final boolean publishing;
    private int record;
    private final BookState book = new BookState();

    private Cursor(Segment segment, int at, boolean publishing) {
      this.segment = segment;
      this.at = at;
      this.publishing = publishing;
    }

    /** Segment number in the high 32 bits, offset in the low: ordered like the records. */
    public long position() {
      return (segment.seq << 32) | at;
    }

    /** On the scale of {@link Journal#logicalPosition()}. */
    public long logicalPosition() {
      return segment.startLogical + at;
    }

    public long segment() {
      return segment.seq;
    }

    /**
     * Moves to a {@link #position()}; a position in a segment that is gone (published and deleted)
     * moves to the oldest retained record.
     */
    public void seek(long position) {
      long seq = position >>> 32;
      Segment s = segments.get(seq);
      if (s == null) {
        Segment oldest = segments.firstEntry().getValue();
        if (seq < oldest.seq) {
          segment = oldest;
          at = oldest.dataStart;
        }
        return;
      }
      segment = s;
      at = Math.max(publishing ? s.dataStart : FILE_HEADER, (int) position);
    }

    /** Decodes the next record into {@code order} or {@code fill}; 0 when there is none yet. */
    public int next(OrderEvent order, FillEvent fill) {
      while (true) {
        UnsafeBuffer buffer = segment.buffer;
        if (at + RECORD_HEADER > buffer.capacity()) {
          return 0;
        }
        int length = buffer.getIntVolatile(at);
        if (length <= 0) {
          return 0;
        }
        int type = buffer.getInt(at + 4);
        record = at;
        int p = at + RECORD_HEADER;
        if (type == TYPE_NEXT_SEGMENT) {
          Segment next = segment.next;
          if (next == null || !publishing) {
            return 0;
          }
          segment = next;
          at = next.dataStart;
          continue;
        }
        at += BitUtil.align(length, 8);
        if (type == TYPE_ORDER) {
          readOrder(buffer, p, order);
        } else if (type == TYPE_FILL) {
          readFill(buffer, p, fill);
        } else if (publishing) {
          continue;
        } else if (type == TYPE_SNAPSHOT_ORDER) {
          readOrder(buffer, p, order);
        } else if (type == TYPE_SNAPSHOT_BOOK) {
          readBook(buffer, p);
        }
        return type;
      }
    }

    /** Ids in the {@link #TYPE_SNAPSHOT_IDS} record just returned. */
    public int idCount() {
      return segment.buffer.getInt(record + RECORD_HEADER);
    }

    public long idHash(int i) {
      return segment.buffer.getLong(record + RECORD_HEADER + 8 + 16 * i);
    }

    public long idTimeUs(int i) {
      return segment.buffer.getLong(record + RECORD_HEADER + 8 + 16 * i + 8);
    }

    /** The {@link #TYPE_SNAPSHOT_BOOK} record just returned. */
    public BookState book() {
      return book;
    }

    private int p;

    private String str(UnsafeBuffer buffer) {
      int n = buffer.getShort(p);
      p += 2;
      if (n < 0) {
        return null;
      }
      char[] chars = new char[n];
      for (int i = 0; i < n; i++) {
        chars[i] = buffer.getChar(p, ByteOrder.LITTLE_ENDIAN);
        p += 2;
      }
      return new String(chars);
    }

    private void readBook(UnsafeBuffer buffer, int start) {
      p = start;
      book.instrument = str(buffer);
      int at = BitUtil.align(p, 8);
      int venues = buffer.getInt(at);
      at += 8;
      for (int v = 0; v < venues; v++) {
        book.position[v] = buffer.getLong(at);
        book.costBasis[v] = buffer.getDouble(at + 8);
        at += 16;
      }
      book.realizedPnl = buffer.getDouble(at);
      book.feesPaid = buffer.getDouble(at + 8);
    }

    private void readOrder(UnsafeBuffer buffer, int start, OrderEvent e) {
      p = start;
      e.clientOrderId = str(buffer);
      int at = p;
      e.revision = buffer.getInt(at);
      e.venue = Venue.values()[buffer.getByte(at + 4)];
      e.side = Side.values()[buffer.getByte(at + 5)];
      e.orderType = OrderType.values()[buffer.getByte(at + 6)];
      e.timeInForce = TimeInForce.values()[buffer.getByte(at + 7)];
      e.priceScale = buffer.getByte(at + 8);
      e.sizeScale = buffer.getByte(at + 9);
      e.status = OrderStatus.values()[buffer.getByte(at + 10)];
      e.rejectReason = RejectReason.ofCode(buffer.getByte(at + 11));
      e.reasonVenue = Venue.values()[buffer.getByte(at + 12)];
      e.mode = TradingMode.values()[buffer.getByte(at + 13)];
      e.leg = Leg.values()[buffer.getByte(at + 14)];
      at += 16;
      e.price = buffer.getLong(at);
      e.qty = buffer.getLong(at + 8);
      e.filledQty = buffer.getLong(at + 16);
      e.avgFillPrice = buffer.getLong(at + 24);
      e.reasonValue = buffer.getDouble(at + 32);
      e.reasonLimit = buffer.getDouble(at + 40);
      e.signalTimeUs = buffer.getLong(at + 48);
      e.eventTimeNs = buffer.getLong(at + 56);
      p = at + 64;
      e.signalId = str(buffer);
      e.instrument = str(buffer);
      e.venueSymbol = str(buffer);
      e.note = str(buffer);
      e.venueOrderId = str(buffer);
    }

    private void readFill(UnsafeBuffer buffer, int start, FillEvent f) {
      p = start;
      f.fillId = str(buffer);
      f.clientOrderId = str(buffer);
      f.signalId = str(buffer);
      f.instrument = str(buffer);
      f.feeAsset = str(buffer);
      int at = p;
      f.venue = Venue.values()[buffer.getByte(at)];
      f.side = Side.values()[buffer.getByte(at + 1)];
      f.priceScale = buffer.getByte(at + 2);
      f.sizeScale = buffer.getByte(at + 3);
      f.feeScale = buffer.getByte(at + 4);
      f.liquidity = Liquidity.values()[buffer.getByte(at + 5)];
      f.mode = TradingMode.values()[buffer.getByte(at + 6)];
      at += 8;
      f.price = buffer.getLong(at);
      f.qty = buffer.getLong(at + 8);
      f.fee = buffer.getLong(at + 16);
      f.exchangeTimeUs = buffer.getLong(at + 24);
      f.receiveTimeNs = buffer.getLong(at + 32);
    }
  }

  /** One instrument's book as a snapshot record carries it, indexed by {@link Venue#ordinal()}. */
  public static final class BookState {
    public String instrument;
    public final long[] position = new long[VENUES];
    public final double[] costBasis = new double[VENUES];
    public double realizedPnl;
    public double feesPaid;
  }
}
