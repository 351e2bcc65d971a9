package io.deepalpha.executor.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the raw settings: the {@code --env-file} files in order (later files win), then the
 * process environment on top. Secrets are resolved from {@code KEY} or {@code KEY_FILE} (one of
 * them, not both). Only {@link ConfigKey} names are read; everything else in the environment is
 * ignored.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /** Loads and validates; throws {@link ConfigException} naming the key on any problem. */
  public static ExecutorConfig load(List<Path> envFiles, Map<String, String> environment) {
    return ExecutorConfig.from(resolve(envFiles, environment));
  }

  /** The raw value of every key (defaults filled in), secrets read from their files. */
  public static Map<ConfigKey, String> resolve(List<Path> envFiles, Map<String, String> env) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (Path file : envFiles) {
      merged.putAll(readEnvFile(file));
    }
    merged.putAll(env);
    Map<ConfigKey, String> values = new LinkedHashMap<>();
    for (ConfigKey key : ConfigKey.values()) {
      values.put(key, valueOf(key, merged));
    }
    return values;
  }

  private static String valueOf(ConfigKey key, Map<String, String> merged) {
    String direct = blankToNull(merged.get(key.name()));
    if (!key.secret()) {
      return direct == null ? key.defaultValue() : direct;
    }
    String file = blankToNull(merged.get(key.fileVariable()));
    if (direct != null && file != null) {
      throw new ConfigException(
          key.name() + " and " + key.fileVariable() + " are both set; set only one of them");
    }
    if (file == null) {
      return direct == null ? key.defaultValue() : direct;
    }
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigException(
          key.fileVariable()
              + ": cannot read the file it names ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  /**
   * Reads {@code KEY=VALUE} lines; blank lines and {@code #} comments are skipped, an {@code export
   * } prefix and surrounding quotes are accepted so that the same file can be sourced.
   */
  public static Map<String, String> readEnvFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("--env-file " + file + ": cannot read (" + e.getMessage() + ")");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(file + ":" + (i + 1) + ": expected KEY=VALUE");
      }
      values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
    }
    return values;
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
