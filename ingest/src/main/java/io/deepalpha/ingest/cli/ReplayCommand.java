package io.deepalpha.ingest.cli;

import io.deepalpha.ingest.recording.RecordedFrame;
import io.deepalpha.ingest.recording.RecordingReader;
import io.deepalpha.ingest.replay.Replayer;
import io.deepalpha.ingest.venue.AdapterSettings;
import io.deepalpha.ingest.venue.AnySymbolLookup;
import io.deepalpha.ingest.venue.EventSink;
import io.deepalpha.ingest.venue.InstrumentLookup;
import io.deepalpha.ingest.venue.QuoteSource;
import io.deepalpha.ingest.venue.RegistryLookup;
import io.deepalpha.ingest.venue.VenueAdapter;
import io.deepalpha.ingest.venue.VenueCounters;
import io.deepalpha.ingest.venue.kraken.KrakenProtocol;
import io.deepalpha.model.event.DeadLetter;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.json.JsonLines;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ingest replay FILE... --to-json OUT|-}: normalizes recorded raw frames offline and writes
 * the events as JSON lines ({@link JsonLines}, the format the jobs' backtest reads).
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Normalize recorded venue frames offline and print the events as JSON lines. FILEs are"
            + " recordings in the cryptofeed formats (*.0 lines, *.jsonl); the venue is the start"
            + " of each file name (BINANCE.ws.1.0). Binance REST depth snapshots (BINANCE.http.*)"
            + " given alongside are applied in time order. A summary goes to stderr.")
final class ReplayCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description =
          "Recorded sessions; a directory stands for the files named after a venue (VENUE.*)"
              + " in it and below it.")
  List<Path> files;

  @Option(
      names = "--to-json",
      required = true,
      paramLabel = "OUT|-",
      description = "Where the JSON lines go; '-' for stdout.")
  String out;

  @Option(
      names = "--instruments",
      paramLabel = "YAML",
      defaultValue = "configs/instruments.yaml",
      description =
          "Instrument map (default: ${DEFAULT-VALUE}; the copy in the model jar when "
              + "the file does not exist).")
  Path instruments;

  @Option(
      names = "--quotes-from",
      paramLabel = "TICKER|BOOK|BOTH",
      description = "Quote source for every venue (default: per venue, see README).")
  QuoteSource quoteSource;

  @Option(
      names = "--all-symbols",
      description =
          "Normalize every symbol, named after the venue symbol, at price scale "
              + "--price-scale and size scale --size-scale (conformance runs, not for Kafka).")
  boolean allSymbols;

  @Option(names = "--price-scale", defaultValue = "10", description = "With --all-symbols.")
  int priceScale;

  @Option(names = "--size-scale", defaultValue = "8", description = "With --all-symbols.")
  int sizeScale;

  @Option(names = "--with-dead-letters", description = "Also write dead letters as JSON lines.")
  boolean withDeadLetters;

  @Option(
      names = "--unmapped-to-dead-letter",
      description = "A symbol that is not configured becomes a dead letter (default: counted).")
  boolean unmappedToDeadLetter;

  @Option(
      names = "--kraken-protocol",
      paramLabel = "V1|V2",
      defaultValue = "V1",
      converter = KrakenProtocolConverter.class,
      description =
          "Kraken WebSocket API of connections whose recorded address does not end in /v2"
              + " (default ${DEFAULT-VALUE}: the format of the shared recordings).")
  KrakenProtocol krakenProtocol;

  @Override
  public Integer call() throws IOException {
    InstrumentLookup lookup =
        allSymbols
            ? new AnySymbolLookup(priceScale, sizeScale)
            : new RegistryLookup(Instruments.load(instruments));
    Replayer replayer =
        new Replayer(
            new AdapterSettings(lookup, QuoteSource.BOOK, unmappedToDeadLetter, krakenProtocol),
            quoteSource,
            RecordedFrame::venueOfFile);
    List<RecordedFrame> frames;
    try {
      frames = RecordingReader.readAll(recordings());
    } catch (IllegalArgumentException | UncheckedIOException e) {
      // A malformed line (FILE:LINE: why) or an unreadable file: the message, not a stack trace.
      spec.commandLine().getErr().println("replay: " + message(e));
      return 1;
    }
    try (Writer writer = open()) {
      replayer.replay(frames, new JsonLinesSink(writer, withDeadLetters));
    }
    summary(replayer.adapters(), System.err);
    return 0;
  }

  /** FILE arguments, each directory replaced by the venue files in it (sorted); checked. */
  List<Path> recordings() throws IOException {
    List<Path> recordings = new ArrayList<>();
    for (Path file : files) {
      if (Files.isDirectory(file)) {
        List<Path> found;
        try (Stream<Path> walk = Files.walk(file)) {
          found =
              walk.filter(Files::isRegularFile)
                  .filter(ReplayCommand::isVenueFile)
                  .sorted()
                  .toList();
        }
        if (found.isEmpty()) {
          throw new ParameterException(
              spec.commandLine(),
              "FILE " + file + ": a directory with no recording named after a venue (VENUE.*)");
        }
        recordings.addAll(found);
      } else if (!Files.isRegularFile(file)) {
        throw new ParameterException(spec.commandLine(), "FILE " + file + ": no such file");
      } else if (!Files.isReadable(file)) {
        throw new ParameterException(spec.commandLine(), "FILE " + file + ": not readable");
      } else if (!isVenueFile(file)) {
        throw new ParameterException(
            spec.commandLine(),
            "FILE " + file + ": the file name does not start with a venue (BINANCE.ws.1.0, ...)");
      } else {
        recordings.add(file);
      }
    }
    return recordings;
  }

  private static boolean isVenueFile(Path file) {
    return RecordedFrame.isVenueFile(file.getFileName().toString());
  }

  private static String message(RuntimeException e) {
    if (e instanceof UncheckedIOException io) {
      return io.getMessage() + ": " + io.getCause().getMessage();
    }
    return e.getMessage();
  }

  private Writer open() throws IOException {
    if ("-".equals(out)) {
      return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) {
        @Override
        public void close() throws IOException {
          flush(); // stdout stays open
        }
      };
    }
    return Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8);
  }

  static void summary(Map<String, VenueAdapter> adapters, PrintStream err) {
    for (Map.Entry<String, VenueAdapter> e : adapters.entrySet()) {
      VenueCounters c = e.getValue().counters();
      err.printf(
          "%s: frames=%d quotes=%d trades=%d deadLetters=%d unmapped=%d control=%d gaps=%d "
              + "checksumsVerified=%d checksumMismatches=%d crossed=%d resyncs=%d%n",
          e.getKey(),
          c.frames,
          c.quotes,
          c.trades,
          c.deadLetters,
          c.unmapped,
          c.control,
          c.gaps,
          c.checksumsVerified,
          c.checksumMismatches,
          c.crossedBooks,
          c.resyncs);
    }
  }

  /** Writes each event as one JSON line. */
  private static final class JsonLinesSink implements EventSink {
    private final Writer writer;
    private final boolean deadLetters;

    JsonLinesSink(Writer writer, boolean deadLetters) {
      this.writer = writer;
      this.deadLetters = deadLetters;
    }

    @Override
    public void onQuote(Quote quote) {
      write(quote);
    }

    @Override
    public void onTrade(Trade trade) {
      write(trade);
    }

    @Override
    public void onDeadLetter(DeadLetter deadLetter) {
      if (deadLetters) {
        write(deadLetter);
      }
    }

    private void write(SpecificRecord record) {
      try {
        JsonLines.write(record, writer);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
