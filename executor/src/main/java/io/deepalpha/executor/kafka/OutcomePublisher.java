package io.deepalpha.executor.kafka;

import io.deepalpha.executor.config.ExecutorConfig;
import io.deepalpha.executor.config.FsyncPolicy;
import io.deepalpha.executor.core.FillEvent;
import io.deepalpha.executor.core.OrderEvent;
import io.deepalpha.executor.journal.Journal;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.json.JsonLines;
import io.deepalpha.model.topic.Topics;
import io.deepalpha.model.wire.RecordKeys;
import io.deepalpha.model.wire.WireCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the journal on its own thread and publishes every record: order revisions to exec.orders,
 * fills to exec.fills. The executor thread never touches Kafka's producer (which allocates and may
 * block). After each batch is acknowledged the journal position is checkpointed; after a crash
 * publishing resumes from the checkpoint, so a record may be published twice but never lost —
 * consumers key on the natural keys (clientOrderId + revision, venue + fillId).
 *
 * <p>The cursor follows the journal's segments; once the checkpoint is in a newer segment, the
 * older ones are deleted ({@link Journal#releaseBefore}): published, and carried by the newer
 * segment's snapshot. The checkpoint is one long, segment in the high 32 bits, offset in the low
 * (the single file of earlier versions is segment 0, so an old checkpoint reads the same).
 *
 * <p>It also runs the JOURNAL_FSYNC=batch policy (off the executor thread) and keeps the most
 * recent fills for GET /api/logs/trades.
 */
public final class OutcomePublisher implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomePublisher.class);
  private static final int BATCH = 512;
  private static final int TRADE_LOG = 1000;

  private final Journal journal;
  private final Producer<byte[], byte[]> producer;
  private final String ordersTopic;
  private final String fillsTopic;
  private final FsyncPolicy fsync;
  private final long fsyncIntervalNs;
  private final FileChannel checkpoint;
  private final WireCodec<Order> orderCodec = WireCodec.of(Order.class);
  private final WireCodec<Fill> fillCodec = WireCodec.of(Fill.class);
  private final ArrayDeque<String> trades = new ArrayDeque<>();
  private final AtomicReference<Exception> sendError = new AtomicReference<>();
  private volatile boolean running = true;
  private volatile long published;
  private volatile long publishedLogical;

  public OutcomePublisher(ExecutorConfig config, Journal journal) {
    this(config, journal, new KafkaProducer<>(producerProperties(config)));
  }

  OutcomePublisher(ExecutorConfig config, Journal journal, Producer<byte[], byte[]> producer) {
    this.journal = journal;
    this.producer = producer;
    this.ordersTopic = config.topic(Topics.EXEC_ORDERS);
    this.fillsTopic = config.topic(Topics.EXEC_FILLS);
    this.fsync = config.journalFsync();
    this.fsyncIntervalNs = config.journalFsyncIntervalMs() * 1_000_000L;
    Path file = journal.file().resolveSibling("publisher.checkpoint");
    try {
      this.checkpoint =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  static Properties producerProperties(ExecutorConfig config) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return p;
  }

  private long readCheckpoint() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8);
    if (checkpoint.read(b, 0) < 8) {
      return 0;
    }
    return b.flip().getLong();
  }

  private void writeCheckpoint(long position) throws IOException {
    // A plain write: the page cache outlives a kill -9; a power loss only means a re-publish.
    checkpoint.write(ByteBuffer.allocate(8).putLong(0, position), 0);
  }

  @Override
  public void run() {
    try {
      Journal.Cursor cursor = journal.cursor();
      long from = readCheckpoint();
      OrderEvent order = new OrderEvent();
      FillEvent fill = new FillEvent();
      // Records before the checkpoint were published: only fill the trade log from them.
      int type;
      while (cursor.position() < from && (type = cursor.next(order, fill)) != 0) {
        if (type == Journal.TYPE_FILL) {
          remember(JsonLines.toLine(toFill(fill)));
        }
      }
      publishedLogical = cursor.logicalPosition();
      journal.releaseBefore(cursor.segment());
      long lastForce = System.nanoTime();
      long forcedAt = journal.logicalPosition();
      while (running) {
        int n = publishBatch(cursor, order, fill);
        if (fsync == FsyncPolicy.BATCH
            && System.nanoTime() - lastForce >= fsyncIntervalNs
            && journal.logicalPosition() != forcedAt) {
          forcedAt = journal.logicalPosition();
          journal.force();
          lastForce = System.nanoTime();
        }
        if (n == 0) {
          Thread.sleep(0, 200_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.error("outcome publisher stopped: {}", e.toString());
    }
  }

  private int publishBatch(Journal.Cursor cursor, OrderEvent order, FillEvent fill)
      throws IOException, InterruptedException {
    long start = cursor.position();
    List<String> newTrades = new ArrayList<>();
    int n = 0;
    int type;
    while (n < BATCH && (type = cursor.next(order, fill)) != 0) {
      if (type == Journal.TYPE_ORDER) {
        Order o = toOrder(order);
        producer.send(
            new ProducerRecord<>(
                ordersTopic, RecordKeys.instrumentKey(o.getInstrument()), orderCodec.encode(o)),
            this::onAck);
      } else if (type == Journal.TYPE_FILL) {
        Fill f = toFill(fill);
        producer.send(
            new ProducerRecord<>(
                fillsTopic, RecordKeys.instrumentKey(f.getInstrument()), fillCodec.encode(f)),
            this::onAck);
        newTrades.add(JsonLines.toLine(f));
      }
      n++;
    }
    if (n == 0) {
      if (cursor.position() != start) {
        checkpoint(cursor); // moved into the next segment, nothing to publish there yet
      }
      return 0;
    }
    producer.flush();
    Exception failed = sendError.getAndSet(null);
    if (failed != null) {
      LOG.warn(
          "publishing to Kafka failed, retrying from the last checkpoint: {}", failed.toString());
      cursor.seek(start);
      Thread.sleep(500);
      return 0;
    }
    checkpoint(cursor);
    published += n;
    newTrades.forEach(this::remember);
    return n;
  }

  private void checkpoint(Journal.Cursor cursor) throws IOException {
    long segment = cursor.segment();
    writeCheckpoint(cursor.position());
    publishedLogical = cursor.logicalPosition();
    if (segment != checkpointSegment) {
      checkpointSegment = segment;
      journal.releaseBefore(segment);
    }
  }

  private long checkpointSegment = -1;

  private void onAck(org.apache.kafka.clients.producer.RecordMetadata m, Exception e) {
    if (e != null) {
      sendError.compareAndSet(null, e);
    }
  }

  private synchronized void remember(String line) {
    if (trades.size() == TRADE_LOG) {
      trades.removeFirst();
    }
    trades.addLast(line);
  }

  /** The latest fills as JSON lines, oldest first, at most {@code limit}. */
  public synchronized List<String> recentTrades(int limit) {
    List<String> all = new ArrayList<>(trades);
    return all.subList(Math.max(0, all.size() - limit), all.size());
  }

  public long published() {
    return published;
  }

  /** Journal bytes not yet acknowledged by Kafka (publisher lag). */
  public long lagBytes() {
    return journal.logicalPosition() - publishedLogical;
  }

  static Order toOrder(OrderEvent e) {
    return Order.newBuilder()
        .setClientOrderId(e.clientOrderId.toString())
        .setRevision(e.revision)
        .setSignalId(e.signalId)
        .setInstrument(e.instrument)
        .setVenue(e.venue)
        .setVenueSymbol(e.venueSymbol)
        .setSide(e.side)
        .setOrderType(e.orderType)
        .setTimeInForce(e.timeInForce)
        .setPriceScale(e.priceScale)
        .setSizeScale(e.sizeScale)
        .setPrice(e.price)
        .setQty(e.qty)
        .setFilledQty(e.filledQty)
        .setAvgFillPrice(e.avgFillPrice)
        .setStatus(e.status)
        .setReason(e.reasonText())
        .setVenueOrderId(e.venueOrderId)
        .setMode(e.mode)
        .setSignalTimeUs(e.signalTimeUs)
        .setEventTimeNs(e.eventTimeNs)
        .build();
  }

  static Fill toFill(FillEvent f) {
    return Fill.newBuilder()
        .setFillId(f.fillId)
        .setClientOrderId(f.clientOrderId.toString())
        .setSignalId(f.signalId)
        .setInstrument(f.instrument)
        .setVenue(f.venue)
        .setSide(f.side)
        .setPriceScale(f.priceScale)
        .setSizeScale(f.sizeScale)
        .setPrice(f.price)
        .setQty(f.qty)
        .setFeeScale(f.feeScale)
        .setFee(f.fee)
        .setFeeAsset(f.feeAsset)
        .setLiquidity(f.liquidity)
        .setMode(f.mode)
        .setExchangeTimeUs(f.exchangeTimeUs)
        .setReceiveTimeNs(f.receiveTimeNs)
        .build();
  }

  @Override
  public void close() {
    running = false;
    try {
      producer.close(java.time.Duration.ofSeconds(5));
      checkpoint.close();
    } catch (IOException e) {
      LOG.warn("closing the publisher checkpoint: {}", e.toString());
    }
  }
}
