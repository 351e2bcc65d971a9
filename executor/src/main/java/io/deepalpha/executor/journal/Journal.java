package io.deepalpha.executor.journal;

import io.deepalpha.executor.core.FillEvent;
import io.deepalpha.executor.core.Leg;
import io.deepalpha.executor.core.OrderEvent;
import io.deepalpha.executor.risk.RejectReason;
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
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.BitUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The executor's append-only journal: every order revision and fill, in the order they happened, in
 * one memory-mapped file. It is the source of truth for recovery (which signals have an outcome,
 * which orders are open, positions) and the outbox that {@link
 * io.deepalpha.executor.kafka.OutcomePublisher} turns into exec.orders / exec.fills.
 *
 * <p>Why a mapped file: an append is a few memory stores, no system call and no allocation, and it
 * survives a kill -9 of the process (the pages belong to the kernel). Only a power loss can lose
 * what was not yet forced to disk: JOURNAL_FSYNC says how often {@link #force()} runs.
 *
 * <p>Record: int length (written last, with release semantics, so a concurrent reader never sees
 * half a record), int type, payload; 8-byte aligned. A zero length is the end. One writer thread;
 * readers use {@link #cursor()} from any thread.
 */
public final class Journal implements AutoCloseable {
  public static final int TYPE_ORDER = 1;
  public static final int TYPE_FILL = 2;

  static final int FILE_HEADER = 64;
  static final int MAGIC = 0x44414a31; // "DAJ1"
  private static final int RECORD_HEADER = 8;
  private static final int MAX_RECORD = 4096;

  private final Path file;
  private final MappedByteBuffer mapped;
  private final UnsafeBuffer buffer;
  private int tail;

  private Journal(Path file, MappedByteBuffer mapped) {
    this.file = file;
    this.mapped = mapped;
    this.buffer = new UnsafeBuffer(mapped);
    if (buffer.getInt(0) == 0) {
      buffer.putInt(0, MAGIC);
      buffer.putInt(4, 1);
    } else if (buffer.getInt(0) != MAGIC) {
      throw new IllegalStateException(file + " is not an executor journal");
    }
    this.tail = scanEnd();
    // A kill -9 in the middle of an append leaves payload bytes without a length; clear them so
    // that they cannot be read as the length of a later record.
    buffer.setMemory(tail, Math.min(2 * MAX_RECORD, buffer.capacity() - tail), (byte) 0);
  }

  /** Opens the journal in {@code dir}, creating a file of {@code sizeBytes} if there is none. */
  public static Journal open(Path dir, long sizeBytes) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("executor.journal");
      if (!Files.exists(file)) {
        // Sparse: the file system hands out zeroed pages as the journal grows into them.
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
          raf.setLength(sizeBytes);
        }
      }
      long size = Files.size(file);
      return new Journal(file, IoUtil.mapExistingFile(file.toFile(), "executor journal", 0, size));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the journal in " + dir, e);
    }
  }

  private int scanEnd() {
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

  public Path file() {
    return file;
  }

  /** Bytes used, header included. */
  public int position() {
    return tail;
  }

  public int capacity() {
    return buffer.capacity();
  }

  public boolean hasRoomForSignal() {
    return buffer.capacity() - tail > 4 * MAX_RECORD;
  }

  public void appendOrder(OrderEvent e) {
    int start = begin();
    int at = start + RECORD_HEADER;
    at = putString(at, e.clientOrderId);
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
    at = putString(at, e.signalId);
    at = putString(at, e.instrument);
    at = putString(at, e.venueSymbol);
    at = putString(at, e.note);
    at = putString(at, e.venueOrderId);
    commit(start, TYPE_ORDER, at);
  }

  public void appendFill(FillEvent f) {
    int start = begin();
    int at = start + RECORD_HEADER;
    at = putString(at, f.fillId);
    at = putString(at, f.clientOrderId);
    at = putString(at, f.signalId);
    at = putString(at, f.instrument);
    at = putString(at, f.feeAsset);
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
    if (buffer.capacity() - tail < MAX_RECORD) {
      throw new JournalFullException(
          "journal " + file + " is full (" + buffer.capacity() + " bytes); raise JOURNAL_SIZE_MB");
    }
    return tail;
  }

  private void commit(int start, int type, int end) {
    int length = end - start;
    buffer.putInt(start + 4, type);
    // Release: the payload is visible before a reader can see the length.
    buffer.putIntOrdered(start, length);
    tail = start + BitUtil.align(length, 8);
  }

  /** Strings as a length (-1 = null) and UTF-16 chars: exact for any text, no encoder needed. */
  private int putString(int at, CharSequence s) {
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

  /** Forces the mapped pages to disk (msync). */
  public void force() {
    mapped.force();
  }

  /** A reader over the records, from the first. */
  public Cursor cursor() {
    return new Cursor();
  }

  @Override
  public void close() {
    IoUtil.unmap(mapped);
  }

  /** Reads records in order; {@link #next} returns the type of the record it decoded, or 0. */
  public final class Cursor {
    private int at = FILE_HEADER;

    public int position() {
      return at;
    }

    public void seek(int position) {
      this.at = Math.max(FILE_HEADER, position);
    }

    /** Decodes the next record into {@code order} or {@code fill}; 0 when there is none yet. */
    public int next(OrderEvent order, FillEvent fill) {
      if (at + RECORD_HEADER > buffer.capacity()) {
        return 0;
      }
      int length = buffer.getIntVolatile(at);
      if (length <= 0) {
        return 0;
      }
      int type = buffer.getInt(at + 4);
      int p = at + RECORD_HEADER;
      if (type == TYPE_ORDER) {
        readOrder(p, order);
      } else if (type == TYPE_FILL) {
        readFill(p, fill);
      }
      at += BitUtil.align(length, 8);
      return type;
    }

    private int p;

    private String str() {
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

    private void readOrder(int start, OrderEvent e) {
      p = start;
      e.clientOrderId = str();
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
      e.signalId = str();
      e.instrument = str();
      e.venueSymbol = str();
      e.note = str();
      e.venueOrderId = str();
    }

    private void readFill(int start, FillEvent f) {
      p = start;
      f.fillId = str();
      f.clientOrderId = str();
      f.signalId = str();
      f.instrument = str();
      f.feeAsset = str();
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
}
