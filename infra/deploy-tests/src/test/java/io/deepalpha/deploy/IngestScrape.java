package io.deepalpha.deploy;

import io.deepalpha.model.event.Venue;
import io.deepalpha.model.instrument.InstrumentRegistry;
import java.lang.reflect.Constructor;
import java.util.List;

/**
 * Ingest's metric registry as `ingest run` builds it: one adapter per venue tracked, served by its
 * own HTTP server. Labelled counters (per topic, per venue and cause) have a series from their
 * first use in a running ingest; here each gets one, at zero.
 *
 * <p>Reflection, because this module must compile when Maven resolves an ingest snapshot without
 * classes (a module built alone); the reactor build puts the real classes on the classpath.
 */
final class IngestScrape {
  private IngestScrape() {}

  static String scrape() throws Exception {
    Object registry =
        Class.forName("io.prometheus.metrics.model.registry.PrometheusRegistry")
            .getConstructor()
            .newInstance();
    Class<?> metricsType = Class.forName("io.deepalpha.ingest.metrics.IngestMetrics");
    Object metrics = metricsType.getConstructor(registry.getClass()).newInstance(registry);
    InstrumentRegistry instruments = InstrumentRegistry.load(Repo.path("configs/instruments.yaml"));
    Class<?> adapters = Class.forName("io.deepalpha.ingest.venue.Adapters");
    Object lookup =
        Class.forName("io.deepalpha.ingest.venue.RegistryLookup")
            .getConstructor(InstrumentRegistry.class)
            .newInstance(instruments);
    Constructor<?> settings =
        Class.forName("io.deepalpha.ingest.venue.AdapterSettings").getConstructors()[0];
    for (Venue venue :
        List.of(Venue.BINANCE, Venue.OKX, Venue.BYBIT, Venue.COINBASE, Venue.KRAKEN)) {
      Object quoteSource =
          adapters.getMethod("defaultQuoteSource", Venue.class).invoke(null, venue);
      Object adapter =
          adapters
              .getMethod("create", Venue.class, settings.getDeclaringClass())
              .invoke(null, venue, settings.newInstance(lookup, quoteSource, false));
      metricsType
          .getMethod("track", Class.forName("io.deepalpha.ingest.venue.VenueAdapter"))
          .invoke(metrics, adapter);
    }
    touch(metrics, "acked", "md.quotes");
    touch(metrics, "producerErrors", "md.quotes");
    touch(metrics, "resends", "md.quotes", "TimeoutException");
    touch(metrics, "reconnects", "OKX", "stale");
    touch(metrics, "staleFeeds", "OKX");
    touch(metrics, "snapshotFetches", "BINANCE");
    touch(metrics, "snapshotFailures", "BINANCE", "500");
    touch(metrics, "restUsedWeight", "BINANCE");
    touch(metrics, "restWeightLimit", "BINANCE");
    touch(metrics, "restHeldBack", "BINANCE", "weight");
    touch(metrics, "restRateLimited", "BINANCE", "429");
    // /ready's gauges, as `ingest run` exposes them: one part per venue and instrument.
    Class<?> healthType = Class.forName("io.deepalpha.ingest.health.HealthEndpoints");
    Object health = healthType.getConstructor(String.class).newInstance("ingest run");
    Class<?> checkType = Class.forName("io.deepalpha.ingest.health.ReadinessCheck");
    Object ok =
        java.lang.reflect.Proxy.newProxyInstance(
            checkType.getClassLoader(),
            new Class<?>[] {checkType},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "hashCode" -> 0;
                  case "equals" -> false;
                  case "toString" -> "ok";
                  default -> null; // notReadyReason: ready
                });
    healthType.getMethod("check", String.class, checkType).invoke(health, "BINANCE/BTC-USDT", ok);
    healthType
        .getMethod("exposeOn", registry.getClass(), String.class)
        .invoke(health, registry, "ingest_ready");
    Object histogram = metricsType.getField("receiveToAck").get(metrics);
    histogram.getClass().getMethod("observe", double.class).invoke(histogram, 0.002);
    try (AutoCloseable server =
        (AutoCloseable) metricsType.getMethod("serve", int.class).invoke(metrics, 0)) {
      int port = (int) server.getClass().getMethod("getPort").invoke(server);
      String body = MetricNames.scrape("http://127.0.0.1:" + port + "/metrics");
      if (body == null) {
        throw new AssertionError("ingest /metrics did not answer 200");
      }
      return body;
    }
  }

  private static void touch(Object metrics, String field, String... labels)
      throws ReflectiveOperationException {
    Object counter = metrics.getClass().getField(field).get(metrics);
    counter.getClass().getMethod("labelValues", String[].class).invoke(counter, (Object) labels);
  }
}
