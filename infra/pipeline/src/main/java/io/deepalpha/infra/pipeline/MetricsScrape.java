package io.deepalpha.infra.pipeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

/** Reads one counter from a service's Prometheus text endpoint (sum over its label sets). */
final class MetricsScrape {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI uri;

  MetricsScrape(URI uri) {
    this.uri = uri;
  }

  OptionalDouble value(String metric) {
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
      String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
      return sum(body, metric);
    } catch (IOException e) {
      return OptionalDouble.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalDouble.empty();
    }
  }

  static OptionalDouble sum(String exposition, String metric) {
    double sum = 0;
    boolean found = false;
    for (String line : exposition.split("\n")) {
      if (line.startsWith(metric) && line.length() > metric.length()) {
        char next = line.charAt(metric.length());
        if (next == ' ' || next == '{') {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          found = true;
        }
      }
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }
}
