package io.deepalpha.infra.pipeline;

import io.deepalpha.model.event.ConfigChange;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Signal;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The compact live view: a few lines redrawn in place on a terminal (once a second), or one line
 * every {@value #PLAIN_EVERY_S} seconds when output goes to a file or a pipe, so a CI log does not
 * fill with frames. Everything comes from the {@link Tap} (Kafka), the consumer-group lags and the
 * memory watch; the services' own logs go to files.
 */
final class ProgressView {
  static final int PLAIN_EVERY_S = 10;

  private final PrintStream out;
  private final PipelineSettings settings;
  private final Services services;
  private final Tap tap;
  private final LagProbe lags;
  private final MemoryWatch memory;
  private final long startNs;
  private final boolean terminal = System.console() != null && System.getenv("TERM") != null;
  private int drawnLines;
  private long lastPlainNs;
  private long lastQuotes;
  private long lastTickNs;
  private double quoteRate;
  private Map<String, Long> lastLags = Map.of();
  private long lastLagNs;
  private volatile long executorConfigChanges = -1;

  ProgressView(
      PrintStream out,
      PipelineSettings settings,
      Services services,
      Tap tap,
      LagProbe lags,
      MemoryWatch memory,
      long startNs) {
    this.out = out;
    this.settings = settings;
    this.services = services;
    this.tap = tap;
    this.lags = lags;
    this.memory = memory;
    this.startNs = startNs;
    this.lastTickNs = startNs;
  }

  void executorConfigChanges(long applied) {
    executorConfigChanges = applied;
  }

  /** Draws the view; {@code force} prints it even between the plain-output intervals. */
  void tick(boolean force) {
    if (!settings.progress()) {
      return;
    }
    long now = System.nanoTime();
    Tap.Snapshot s = tap.snapshot();
    double seconds = Math.max(1e-3, (now - lastTickNs) / 1e9);
    quoteRate = (s.quotes() - lastQuotes) / seconds;
    lastQuotes = s.quotes();
    lastTickNs = now;
    if (now - lastLagNs > 2_000_000_000L) {
      lastLags = lags.lags(List.of(services.jobsSpreadGroup(), services.executorGroup()));
      lastLagNs = now;
    }
    if (terminal) {
      List<String> lines = lines(s, now);
      StringBuilder b = new StringBuilder();
      if (drawnLines > 0) {
        b.append("\033[").append(drawnLines).append('F'); // up to the view's first line
      }
      for (String line : lines) {
        b.append("\033[2K").append(line).append('\n');
      }
      out.print(b);
      out.flush();
      drawnLines = lines.size();
    } else if (force || now - lastPlainNs >= PLAIN_EVERY_S * 1_000_000_000L) {
      out.println(plainLine(s, now));
      lastPlainNs = now;
    }
  }

  List<String> lines(Tap.Snapshot s, long now) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "DeepAlpha pipeline  %s%s  seed %d  %s × %s  mem %s",
            clock(now - startNs),
            settings.duration() == null ? "" : " / " + clock(settings.duration().toNanos()),
            settings.seed(),
            String.join(",", settings.venues()),
            String.join(",", settings.instruments()),
            mb(memory.latestBytes())));
    lines.add(
        String.format(
            Locale.ROOT,
            "  events   quotes %,d (%,.0f/s)  trades %,d  dead letters %,d",
            s.quotes(),
            quoteRate,
            s.trades(),
            s.deadLetters()));
    Signal last = s.signals().isEmpty() ? null : s.signals().get(s.signals().size() - 1);
    lines.add(
        String.format(
            Locale.ROOT,
            "  signals  %,d  with outcome %,d%s",
            s.signals().size(),
            s.signalsWithOutcome(),
            last == null
                ? ""
                : String.format(
                    Locale.ROOT,
                    "  last: %s buy %s sell %s %.1f bps (config v%d)",
                    last.getInstrument(),
                    last.getBuyVenue(),
                    last.getSellVenue(),
                    last.getNetBps(),
                    last.getConfigVersion())));
    lines.add(
        String.format(
            Locale.ROOT,
            "  orders   %s  fills %,d  PnL %+,.2f USDT",
            statuses(s.ordersByStatus()),
            s.fills(),
            s.pnlQuote()));
    lines.add(
        String.format(
            Locale.ROOT,
            "  lag      jobs %s  executor %s   risk %s%s",
            lag(services.jobsSpreadGroup()),
            lag(services.executorGroup()),
            s.riskLevel(),
            s.riskReason().isEmpty() ? "" : " (" + s.riskReason() + ")"));
    lines.add(
        "  config   "
            + config(s.lastConfigByTable())
            + (executorConfigChanges < 0
                ? ""
                : "   executor applied " + executorConfigChanges + " change(s)"));
    StringBuilder hops = new StringBuilder("  latency  p50/p99 ms:");
    s.hops()
        .forEach(
            (hop, h) ->
                hops.append("  ")
                    .append(hop.label)
                    .append(' ')
                    .append(ms(h, 50))
                    .append('/')
                    .append(ms(h, 99)));
    lines.add(hops.toString());
    return lines;
  }

  private String plainLine(Tap.Snapshot s, long now) {
    Histogram toSignal = s.hops().get(Tap.Hop.QUOTE_TO_SIGNAL);
    return String.format(
        Locale.ROOT,
        "[%s] quotes %,d (%,.0f/s) trades %,d | signals %,d (outcome %,d) | orders %s | fills %,d"
            + " | PnL %+,.2f | lag jobs %s exec %s | risk %s | config %s | quote→signal p99 %s ms"
            + " | mem %s",
        clock(now - startNs),
        s.quotes(),
        quoteRate,
        s.trades(),
        s.signals().size(),
        s.signalsWithOutcome(),
        statuses(s.ordersByStatus()),
        s.fills(),
        s.pnlQuote(),
        lag(services.jobsSpreadGroup()),
        lag(services.executorGroup()),
        s.riskLevel(),
        s.lastConfigByTable().isEmpty() ? "defaults" : config(s.lastConfigByTable()),
        ms(toSignal, 99),
        mb(memory.latestBytes()));
  }

  private String lag(String group) {
    Long l = lastLags.get(group);
    return l == null || l < 0 ? "-" : String.format(Locale.ROOT, "%,d", l);
  }

  private static String statuses(Map<OrderStatus, Long> byStatus) {
    if (byStatus.isEmpty()) {
      return "0";
    }
    StringBuilder b = new StringBuilder();
    byStatus.forEach(
        (status, n) ->
            b.append(b.length() == 0 ? "" : " ")
                .append(status.name().toLowerCase(Locale.ROOT))
                .append(' ')
                .append(n));
    return b.toString();
  }

  private static String config(Map<String, ConfigChange> last) {
    if (last.isEmpty()) {
      return "defaults from configs/ (no live change yet)";
    }
    StringBuilder b = new StringBuilder();
    last.forEach(
        (table, c) ->
            b.append(b.length() == 0 ? "" : "  ")
                .append(table)
                .append(" v")
                .append(c.getVersion())
                .append(" (")
                .append(c.getKey())
                .append(' ')
                .append(c.getOp())
                .append(')'));
    return b.toString();
  }

  static String ms(Histogram h, double percentile) {
    if (h.getTotalCount() == 0) {
      return "-";
    }
    double ms = h.getValueAtPercentile(percentile) / 1000.0;
    return ms < 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format("%d", (long) ms);
  }

  static String clock(long nanos) {
    long s = nanos / 1_000_000_000L;
    return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }

  static String mb(long bytes) {
    return String.format(Locale.ROOT, "%,d MB", bytes / (1024 * 1024));
  }
}
