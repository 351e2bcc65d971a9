package io.deepalpha.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** YAML and JSON as Jackson trees. */
final class Yaml {
  static final ObjectMapper JSON = new ObjectMapper();

  private Yaml() {}

  /**
   * Parses with SnakeYAML, which resolves anchors, aliases and merge keys ({@code <<: *defaults})
   * as docker compose does; Jackson's own YAML parser leaves them unresolved.
   */
  static JsonNode parse(String text) {
    Object loaded = strictYaml().load(text);
    return JSON.valueToTree(loaded);
  }

  /** A key twice in one mapping is an error (kubectl and compose refuse it too). */
  private static org.yaml.snakeyaml.Yaml strictYaml() {
    org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new org.yaml.snakeyaml.Yaml(options);
  }

  static JsonNode file(String repoRelative) {
    return parse(Repo.read(repoRelative));
  }

  static JsonNode json(String repoRelative) {
    try {
      return JSON.readTree(Repo.read(repoRelative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every non-empty document of a multi-document stream (helm template output). */
  static List<JsonNode> documents(String text) {
    List<JsonNode> docs = new ArrayList<>();
    for (Object loaded : strictYaml().loadAll(text)) {
      JsonNode doc = JSON.valueToTree(loaded);
      if (doc != null && !doc.isNull() && !doc.isEmpty()) {
        docs.add(doc);
      }
    }
    return docs;
  }

  /** Parses Docker/Kubernetes memory quantities: 640M, 512Mi, 1G, 2Gi, 1088m (Flink). */
  static long mebibytes(String quantity) {
    String q = quantity.trim();
    String number = q.replaceAll("[A-Za-z]+$", "");
    String unit = q.substring(number.length());
    double value = Double.parseDouble(number);
    double mib =
        switch (unit) {
          case "M", "m", "Mi", "mb", "MB" -> value;
          case "G", "g", "Gi", "gb", "GB" -> value * 1024;
          case "K", "k", "Ki", "kb", "KB" -> value / 1024;
          default -> throw new IllegalArgumentException("unknown memory unit in " + quantity);
        };
    return Math.round(mib);
  }
}
