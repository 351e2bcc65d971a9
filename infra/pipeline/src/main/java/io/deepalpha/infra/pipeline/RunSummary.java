package io.deepalpha.infra.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Order;
import io.deepalpha.model.event.OrderStatus;
import io.deepalpha.model.event.Signal;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a run did, from Kafka (the tap) and from the two databases, side by side: the numbers that
 * say whether the pipeline is whole (every signal has an outcome; PostgreSQL holds exactly what
 * Kafka carried) and the ones that say how it did (PnL, latency per hop, memory).
 */
record RunSummary(
    String runId,
    Duration wallTime,
    Map<String, long[]> eventsByVenue,
    long deadLetters,
    List<Signal> signals,
    int signalsWithOutcome,
    Map<OrderStatus, Long> ordersByStatus,
    long orderRecords,
    int fills,
    double pnlQuote,
    Map<Tap.Hop, Histogram> hops,
    Map<Tap.Hop, Histogram> hopsAfterWarmUp,
    Database postgres,
    Map<String, Long> influxPoints,
    long opportunities,
    long peakMemoryBytes,
    Map<String, String> configChanges,
    long executorConfigChanges,
    Path runDir,
    List<String> lookNext,
    boolean replay) {

  /** Rows in PostgreSQL for this run's signals: what the sinks stored. */
  record Database(
      long signals,
      long orderRows,
      long fills,
      long spreadStats,
      long opportunities,
      String error) {}

  static RunSummary collect(
      PipelineSettings settings,
      StackEndpoints stack,
      String runId,
      Tap.Snapshot tap,
      MemoryWatch memory,
      Instant runStart,
      Duration wallTime,
      long executorConfigChanges) {
    Database pg = postgres(stack, tap, runStart);
    Map<String, Long> influx = influx(stack, runStart);
    return new RunSummary(
        runId,
        wallTime,
        tap.eventsByVenue(),
        tap.deadLetters(),
        tap.signals(),
        tap.signalsWithOutcome(),
        tap.ordersByStatus(),
        tap.orderRecords(),
        tap.fills(),
        tap.pnlQuote(),
        tap.hops(),
        tap.hopsAfterWarmUp(),
        pg,
        influx,
        pg.opportunities(),
        memory.peakBytes(),
        configChanges(tap),
        executorConfigChanges,
        settings.runDir(),
        lookNext(settings, stack),
        !settings.replay().isEmpty());
  }

  /** Table → "key op vVERSION" of the last live change seen on its config topic. */
  private static Map<String, String> configChanges(Tap.Snapshot tap) {
    Map<String, String> changes = new TreeMap<>();
    tap.lastConfigByTable()
        .forEach(
            (table, c) -> changes.put(table, c.getKey() + " " + c.getOp() + " v" + c.getVersion()));
    return changes;
  }

  private static Database postgres(StackEndpoints stack, Tap.Snapshot tap, Instant runStart) {
    String[] ids = tap.signals().stream().map(Signal::getSignalId).toArray(String[]::new);
    String[] clients = tap.orders().stream().map(Order::getClientOrderId).toArray(String[]::new);
    String[] fillIds = tap.fillRecords().stream().map(Fill::getFillId).toArray(String[]::new);
    try (Connection c =
        DriverManager.getConnection(
            stack.postgresJdbcUrl(), stack.postgresUser(), stack.postgresPassword())) {
      return new Database(
          count(c, "SELECT count(*) FROM signals WHERE signal_id = ANY (?)", ids),
          count(c, "SELECT count(*) FROM orders WHERE client_order_id = ANY (?)", clients),
          count(c, "SELECT count(*) FROM fills WHERE fill_id = ANY (?)", fillIds),
          countSince(c, "SELECT count(*) FROM spread_stats WHERE interval_start >= ?", runStart),
          countSince(
              c,
              "SELECT count(*) FROM spread_stats WHERE interval_start >= ?"
                  + " AND ms_above_threshold > 0",
              runStart),
          null);
    } catch (SQLException e) {
      return new Database(-1, -1, -1, -1, -1, e.getMessage());
    }
  }

  private static long count(Connection c, String sql, String[] keys) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setArray(1, c.createArrayOf("text", keys));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static long countSince(Connection c, String sql, Instant since) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Points per measurement written since the run started (the largest field count). */
  static Map<String, Long> influx(StackEndpoints stack, Instant since) {
    Map<String, Long> points = new TreeMap<>();
    String query = "SELECT count(*) FROM /.*/ WHERE time >= '" + since + "'";
    String url =
        stack.influxUrl()
            + "/query?db="
            + URLEncoder.encode(stack.influxDatabase(), StandardCharsets.UTF_8)
            + "&q="
            + URLEncoder.encode(query, StandardCharsets.UTF_8);
    String auth = stack.influxUser() + ":" + stack.influxPassword();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode root = new ObjectMapper().readTree(response.body());
      for (JsonNode series : root.path("results").path(0).path("series")) {
        long max = 0;
        for (JsonNode row : series.path("values")) {
          for (int i = 1; i < row.size(); i++) {
            max = Math.max(max, row.get(i).asLong());
          }
        }
        points.put(series.path("name").asText(), max);
      }
    } catch (IOException e) {
      points.put("(InfluxDB unreachable: " + e.getMessage() + ")", -1L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return points;
  }

  private static List<String> lookNext(PipelineSettings settings, StackEndpoints stack) {
    URI pg = URI.create(stack.postgresJdbcUrl().substring("jdbc:".length()));
    URI influx = URI.create(stack.influxUrl());
    List<String> next = new ArrayList<>();
    next.add(
        String.format(
            "psql:      PGPASSWORD=$(cat %s) psql -h %s -p %d -U %s %s -c 'SELECT status, count(*)"
                + " FROM orders GROUP BY 1'",
            stack.postgresPasswordFile(),
            pg.getHost(),
            pg.getPort(),
            stack.postgresUser(),
            pg.getPath().substring(1)));
    next.add(
        String.format(
            "InfluxDB:  influx -host %s -port %d -username %s -password \"$(cat %s)\" -database %s"
                + " -execute 'SELECT mean(last_net_bps) FROM spreads WHERE time > now() - 1h GROUP"
                + " BY time(10s), pair'",
            influx.getHost(),
            influx.getPort(),
            stack.influxUser(),
            stack.influxPasswordFile(),
            stack.influxDatabase()));
    next.add("notebooks: notebooks/run.sh   (executes every analyst notebook against this run)");
    next.add(
        "Grafana:   infra/grafana/dashboards/*.json (import, or infra/compose for the full set)");
    next.add("logs:      " + settings.logsDir() + "/<service>.log");
    next.add("stack:     bin/deepalpha stack status | bin/deepalpha stack down");
    return next;
  }

  void print(PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "DeepAlpha run %s — %s wall time%n", runId, clock(wallTime));
    out.println();
    out.println("  venue        quotes      trades");
    eventsByVenue.forEach(
        (venue, c) -> out.printf(Locale.ROOT, "  %-10s %,9d %,11d%n", venue, c[0], c[1]));
    out.printf(Locale.ROOT, "  dead letters %,d%n%n", deadLetters);
    out.printf(
        Locale.ROOT,
        "  opportunities (pair-seconds above threshold) %s%n",
        opportunities < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", opportunities));
    out.printf(
        Locale.ROOT, "  signals %,d   with an outcome %,d%n", signals.size(), signalsWithOutcome);
    StringBuilder byStatus = new StringBuilder();
    ordersByStatus.forEach(
        (s, n) -> byStatus.append(String.format(Locale.ROOT, "  %s %,d", s.name(), n)));
    out.println("  orders by outcome:" + (byStatus.length() == 0 ? "  none" : byStatus));
    out.printf(
        Locale.ROOT, "  fills %,d   PnL %+,.2f USDT (paper, after fees)%n%n", fills, pnlQuote);
    out.println("  latency per hop (ms)        p50      p90      p99      max    count");
    printHops(out, hops);
    if (replay) {
      out.println(
          "  (a replay: venue event → ingest is not measured, the exchange times are the"
              + " recording's)");
    }
    out.printf(
        Locale.ROOT,
        "  from %d s after the first quote on (every service warmed up):%n",
        Tap.WARM_UP.toSeconds());
    printHops(out, hopsAfterWarmUp);
    out.println();
    if (postgres.error != null) {
      out.println("  PostgreSQL: unreachable (" + postgres.error + ")");
    } else {
      out.printf(
          Locale.ROOT,
          "  PostgreSQL rows vs Kafka records: signals %,d/%,d  orders %,d/%,d  fills %,d/%,d"
              + "  spread_stats %,d%n",
          postgres.signals,
          signals.size(),
          postgres.orderRows,
          orderRecords,
          postgres.fills,
          fills,
          postgres.spreadStats);
    }
    StringBuilder points = new StringBuilder();
    influxPoints.forEach((m, n) -> points.append(String.format(Locale.ROOT, "  %s %,d", m, n)));
    out.println("  InfluxDB points:" + (points.length() == 0 ? "  none" : points));
    out.printf(
        Locale.ROOT, "  peak memory of the whole stack: %s%n%n", ProgressView.mb(peakMemoryBytes));
    out.println("Where to look next:");
    lookNext.forEach(line -> out.println("  " + line));
  }

  /** The figures as JSON, next to the logs (tests and scripts read it). */
  void write(Path file) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("runId", runId);
    json.put("wallTimeMs", wallTime.toMillis());
    Map<String, Object> venues = new TreeMap<>();
    eventsByVenue.forEach((v, c) -> venues.put(v, Map.of("quotes", c[0], "trades", c[1])));
    json.put("eventsByVenue", venues);
    json.put("deadLetters", deadLetters);
    json.put("signals", signals.size());
    json.put("signalIds", signals.stream().map(Signal::getSignalId).sorted().toList());
    json.put("signalsWithOutcome", signalsWithOutcome);
    json.put("ordersByStatus", ordersByStatus);
    json.put("orderRecords", orderRecords);
    json.put("fills", fills);
    json.put("pnlQuote", pnlQuote);
    json.put("latency", latencyJson(hops));
    json.put("latencyAfterWarmUp", latencyJson(hopsAfterWarmUp));
    json.put("warmUpSeconds", Tap.WARM_UP.toSeconds());
    json.put("postgres", postgres);
    json.put("influxPoints", influxPoints);
    json.put("opportunities", opportunities);
    json.put("peakMemoryBytes", peakMemoryBytes);
    json.put("configChanges", configChanges);
    json.put("executorConfigChanges", executorConfigChanges);
    Files.createDirectories(file.getParent());
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
  }

  private static String clock(Duration d) {
    return ProgressView.clock(d.toNanos());
  }

  private static void printHops(PrintStream out, Map<Tap.Hop, Histogram> hops) {
    hops.forEach(
        (hop, h) ->
            out.printf(
                Locale.ROOT,
                "  %-24s %8s %8s %8s %8s %8d%n",
                hop.label,
                ProgressView.ms(h, 50),
                ProgressView.ms(h, 90),
                ProgressView.ms(h, 99),
                ProgressView.ms(h, 100),
                h.getTotalCount()));
  }

  private static Map<String, Object> latencyJson(Map<Tap.Hop, Histogram> hops) {
    Map<String, Object> latency = new LinkedHashMap<>();
    hops.forEach(
        (hop, h) ->
            latency.put(
                hop.name(),
                Map.of(
                    "count", h.getTotalCount(),
                    "p50Us", h.getValueAtPercentile(50),
                    "p99Us", h.getValueAtPercentile(99),
                    "maxUs", h.getMaxValue())));
    return latency;
  }
}
