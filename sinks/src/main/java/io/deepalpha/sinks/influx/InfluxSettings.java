package io.deepalpha.sinks.influx;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the InfluxDB of the sinks is (InfluxDB 1.x, or the v1 API of 2.x/3.x), and what to create.
 *
 * <p>Environment: {@value #URL_KEY}, {@value #DATABASE_KEY}, {@value #USER_KEY}, {@value
 * #PASSWORD_KEY} or {@value #PASSWORD_FILE_KEY}; {@value #RETENTION_POLICY_KEY} (default {@value
 * #DEFAULT_RETENTION_POLICY}) and {@value #RETENTION_DURATION_KEY} (default {@value
 * #DEFAULT_RETENTION_DURATION}); {@value #CREATE_KEY} (default true: create the database and the
 * retention policy, as the database's default, when absent; false: require them). The password is
 * never part of {@link #toString()}.
 */
public final class InfluxSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String URL_KEY = "INFLUX_URL";
  public static final String DATABASE_KEY = "INFLUX_DATABASE";
  public static final String USER_KEY = "INFLUX_USER";
  public static final String PASSWORD_KEY = "INFLUX_PASSWORD";
  public static final String PASSWORD_FILE_KEY = "INFLUX_PASSWORD_FILE";
  public static final String RETENTION_POLICY_KEY = "INFLUX_RETENTION_POLICY";
  public static final String RETENTION_DURATION_KEY = "INFLUX_RETENTION_DURATION";
  public static final String CREATE_KEY = "INFLUX_CREATE_DATABASE";
  public static final String DEFAULT_RETENTION_POLICY = "deepalpha";
  public static final String DEFAULT_RETENTION_DURATION = "90d";

  /** InfluxQL duration literal: 90d, 4w, 12h, INF. */
  private static final Pattern DURATION = Pattern.compile("INF|\\d+[smhdw]");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  private final String url;
  private final String database;
  private final String user;
  private final String password;
  private final String retentionPolicy;
  private final String retentionDuration;
  private final boolean createIfAbsent;

  public InfluxSettings(
      String url,
      String database,
      String user,
      String password,
      String retentionPolicy,
      String retentionDuration,
      boolean createIfAbsent) {
    this.url = require(url, URL_KEY);
    this.database = name(database, DATABASE_KEY);
    this.user = user == null ? "" : user;
    this.password = password == null ? "" : password;
    this.retentionPolicy = name(retentionPolicy, RETENTION_POLICY_KEY);
    if (retentionDuration == null || !DURATION.matcher(retentionDuration).matches()) {
      throw new IllegalArgumentException(
          RETENTION_DURATION_KEY
              + " must look like 90d, 4w, 12h or INF, got '"
              + retentionDuration
              + "'");
    }
    this.retentionDuration = retentionDuration;
    this.createIfAbsent = createIfAbsent;
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException(URL_KEY + " must be an http(s) URL, got '" + url + "'");
    }
  }

  public static InfluxSettings fromEnv() {
    return fromEnv(System.getenv());
  }

  public static InfluxSettings fromEnv(Map<String, String> env) {
    String password = env.get(PASSWORD_KEY);
    if ((password == null || password.isEmpty()) && env.get(PASSWORD_FILE_KEY) != null) {
      try {
        password =
            Files.readString(Path.of(env.get(PASSWORD_FILE_KEY)), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException(
            PASSWORD_FILE_KEY
                + "="
                + env.get(PASSWORD_FILE_KEY)
                + ": cannot read the password file: "
                + e,
            e);
      }
    }
    return new InfluxSettings(
        env.get(URL_KEY),
        env.get(DATABASE_KEY),
        env.get(USER_KEY),
        password,
        env.getOrDefault(RETENTION_POLICY_KEY, DEFAULT_RETENTION_POLICY),
        env.getOrDefault(RETENTION_DURATION_KEY, DEFAULT_RETENTION_DURATION),
        !"false".equalsIgnoreCase(env.getOrDefault(CREATE_KEY, "true").strip()));
  }

  public String url() {
    return url;
  }

  public String database() {
    return database;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public String retentionPolicy() {
    return retentionPolicy;
  }

  public String retentionDuration() {
    return retentionDuration;
  }

  public boolean createIfAbsent() {
    return createIfAbsent;
  }

  @Override
  public String toString() {
    return "InfluxSettings{"
        + url
        + " db="
        + database
        + " rp="
        + retentionPolicy
        + " user="
        + user
        + "}";
  }

  private static String require(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing setting " + key);
    }
    return value;
  }

  /** Database and policy names go into InfluxQL statements: keep them to a safe alphabet. */
  private static String name(String value, String key) {
    require(value, key);
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          key + " may hold letters, digits, _ . - only, got '" + value + "'");
    }
    return value;
  }
}
