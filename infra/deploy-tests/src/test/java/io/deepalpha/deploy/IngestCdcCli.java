package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real `ingest cdc` command of the built ingest module (ingest/target: the runnable jar and
 * target/lib, as the image ships them): its options as `cdc --help` prints them, and its metrics
 * server. Skips the calling test when the module is not built.
 */
final class IngestCdcCli {
  /** "--kafka=BOOTSTRAP" in the usage line; a "[" before it marks an optional option. */
  private static final Pattern USAGE_OPTION = Pattern.compile("(\\[?)(--[a-z][a-z-]*)=");

  /** " --state-dir=DIR Keeps ..." in the option list. */
  private static final Pattern LISTED_OPTION =
      Pattern.compile("^\\s+(?:-\\w, )?(--[a-z][a-z-]*)", Pattern.MULTILINE);

  private IngestCdcCli() {}

  /** Option names of `ingest cdc`, each mapped to whether it is required. */
  static Map<String, Boolean> options() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Tools.Result help =
        Tools.run(
            Repo.ROOT,
            java.toString(),
            "-cp",
            classpath(),
            "io.deepalpha.ingest.cli.IngestCli",
            "cdc",
            "--help");
    assertThat(help.exitCode()).as(help.output()).isZero();
    return parseHelp(help.output());
  }

  /** Parses picocli's usage message: options of the list, required when not bracketed in usage. */
  static Map<String, Boolean> parseHelp(String help) {
    int list = help.indexOf("\n  -h, --help");
    assertThat(list).as("option list in\n" + help).isPositive();
    Map<String, Boolean> options = new TreeMap<>();
    Matcher listed = LISTED_OPTION.matcher(help.substring(list));
    while (listed.find()) {
      options.put(listed.group(1), false);
    }
    Set<String> required = new TreeSet<>();
    Matcher usage = USAGE_OPTION.matcher(usageBlock(help));
    while (usage.find()) {
      if (usage.group(1).isEmpty()) {
        required.add(usage.group(2));
      }
    }
    assertThat(options.keySet()).as("required options are listed").containsAll(required);
    required.forEach(name -> options.put(name, true));
    return options;
  }

  /** The usage lines: from "Usage:" to the first line that is not indented continuation. */
  private static String usageBlock(String help) {
    List<String> lines = new ArrayList<>();
    for (String line : help.split("\n")) {
      if (lines.isEmpty() ? line.startsWith("Usage:") : line.startsWith(" ")) {
        lines.add(line);
      } else if (!lines.isEmpty()) {
        break;
      }
    }
    assertThat(lines).as("usage line in\n" + help).isNotEmpty();
    return String.join(" ", lines);
  }

  /**
   * A class loader over the built ingest jars, apart from this module's classpath (the ingest
   * snapshot Maven resolves for a module built alone may hold no classes).
   */
  static URLClassLoader classLoader() {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars()) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new AssertionError(e);
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  private static String classpath() {
    return String.join(":", jars().stream().map(Path::toString).toList());
  }

  private static List<Path> jars() {
    Path target = Repo.path("ingest/target");
    Path lib = target.resolve("lib");
    List<Path> jars = new ArrayList<>();
    try (Stream<Path> main = list(target);
        Stream<Path> deps = list(lib)) {
      main.filter(p -> p.getFileName().toString().matches("deepalpha-ingest-.*\\.jar"))
          .forEach(jars::add);
      assumeTrue(
          !jars.isEmpty() && Files.isDirectory(lib),
          "ingest is not built (no ingest/target/deepalpha-ingest-*.jar and target/lib): run"
              + " `mvn -B -q -pl ingest package -DskipTests`; this check was skipped");
      deps.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
    }
    return jars;
  }

  private static Stream<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    try {
      return Files.list(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
