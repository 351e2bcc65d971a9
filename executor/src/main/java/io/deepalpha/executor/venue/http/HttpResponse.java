package io.deepalpha.executor.venue.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A parsed HTTP/1.1 response; header names are lower case. */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
