package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** helm/values*.yaml: every key commented, every key used by a template and every use declared. */
class HelmValuesTest {
  private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z0-9_.\\-/]+):(.*)$");
  private static final Pattern VALUES_REF = Pattern.compile("\\.Values\\.([A-Za-z0-9_.]+)");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "values.yaml",
        "values-testing.yaml",
        "values-staging.yaml",
        "values-production.yaml"
      })
  void everyKeyHasAComment(String file) {
    List<String> uncommented = new ArrayList<>();
    String previous = "";
    for (String line : Repo.read("helm/" + file).split("\n")) {
      Matcher m = KEY.matcher(line);
      if (m.matches() && !line.strip().startsWith("#") && !line.strip().startsWith("-")) {
        boolean commentAbove = previous.strip().startsWith("#");
        boolean inline = m.group(3).contains(" # ");
        if (!commentAbove && !inline) {
          uncommented.add(m.group(2));
        }
      }
      previous = line;
    }
    assertThat(uncommented).as("keys of helm/" + file + " without a comment").isEmpty();
  }

  @Test
  void everyValueATemplateUsesIsDeclared() throws IOException {
    JsonNode values = Yaml.file("helm/values.yaml");
    for (String ref : references()) {
      assertThat(values.at("/" + ref.replace('.', '/')).isMissingNode())
          .as(".Values." + ref + " in helm/templates")
          .isFalse();
    }
  }

  @Test
  void everyDeclaredValueIsUsedByATemplate() throws IOException {
    Set<String> refs = references();
    List<String> unused = new ArrayList<>();
    for (String leaf : leaves(Yaml.file("helm/values.yaml"), "")) {
      boolean used = refs.stream().anyMatch(r -> leaf.equals(r) || leaf.startsWith(r + "."));
      if (!used) {
        unused.add(leaf);
      }
    }
    assertThat(unused).as("values no template reads").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"values-testing.yaml", "values-staging.yaml", "values-production.yaml"})
  void environmentFilesOnlyOverrideDeclaredKeys(String file) {
    JsonNode defaults = Yaml.file("helm/values.yaml");
    for (String leaf : leaves(Yaml.file("helm/" + file), "")) {
      String path = "/" + leaf.replace('.', '/');
      assertThat(defaults.at(path).isMissingNode()).as(file + ": " + leaf).isFalse();
    }
    assertThat(Yaml.file("helm/" + file).at("/global/environment").asText())
        .isEqualTo(file.replace("values-", "").replace(".yaml", ""));
  }

  static Set<String> references() throws IOException {
    Set<String> refs = new TreeSet<>();
    try (Stream<Path> files = Files.list(Repo.path("helm/templates"))) {
      for (Path file : files.toList()) {
        Matcher m = VALUES_REF.matcher(Files.readString(file));
        while (m.find()) {
          refs.add(m.group(1).replaceAll("\\.$", ""));
        }
      }
    }
    assertThat(refs).isNotEmpty();
    return refs;
  }

  /**
   * Dotted paths of the leaves; a map's keys count as its leaves' parents (toYaml uses maps whole).
   */
  static List<String> leaves(JsonNode node, String prefix) {
    List<String> leaves = new ArrayList<>();
    if (!node.isObject() || node.isEmpty()) {
      leaves.add(prefix);
      return leaves;
    }
    for (Map.Entry<String, JsonNode> e : ComposeFileTest.entries(node)) {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getKey().contains(".") || e.getKey().contains("/")) {
        leaves.add(prefix); // a label key like kubernetes.io/metadata.name: the map is used whole
        continue;
      }
      leaves.addAll(leaves(e.getValue(), path));
    }
    return leaves.stream().distinct().toList();
  }
}
