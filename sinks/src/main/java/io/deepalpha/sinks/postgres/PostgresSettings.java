package io.deepalpha.sinks.postgres;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Where the PostgreSQL of the sinks and migrations is, and as whom to connect.
 *
 * <p>From the environment: {@value #URL_KEY}, {@value #USER_KEY}, and {@value #PASSWORD_KEY} or
 * {@value #PASSWORD_FILE_KEY} (a file holding the password, as the local stack and Kubernetes
 * secrets provide). The password never appears in {@link #toString()} or in an error message.
 * Serializable because the Flink sinks carry it to the task managers.
 */
public final class PostgresSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String URL_KEY = "POSTGRES_JDBC_URL";
  public static final String USER_KEY = "POSTGRES_USER";
  public static final String PASSWORD_KEY = "POSTGRES_PASSWORD";
  public static final String PASSWORD_FILE_KEY = "POSTGRES_PASSWORD_FILE";

  /** Seconds to wait for a connection before reporting the database unreachable. */
  public static final int LOGIN_TIMEOUT_SECONDS = 10;

  private final String jdbcUrl;
  private final String user;
  private final String password;

  public PostgresSettings(String jdbcUrl, String user, String password) {
    this.jdbcUrl = require(jdbcUrl, URL_KEY);
    this.user = require(user, USER_KEY);
    this.password = password == null ? "" : password;
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          URL_KEY + " must be a jdbc:postgresql: URL, got '" + jdbcUrl + "'");
    }
  }

  /** Settings from the process environment. */
  public static PostgresSettings fromEnv() {
    return fromEnv(System.getenv());
  }

  /** Settings from an environment map; a missing key stops with a message naming it. */
  public static PostgresSettings fromEnv(Map<String, String> env) {
    return new PostgresSettings(
        require(env.get(URL_KEY), URL_KEY),
        require(env.get(USER_KEY), USER_KEY),
        passwordFrom(env.get(PASSWORD_KEY), env.get(PASSWORD_FILE_KEY)));
  }

  /** The password given directly, else read from the file; one of them must be set. */
  public static String passwordFrom(String password, String passwordFile) {
    if (password != null && !password.isEmpty()) {
      return password;
    }
    if (passwordFile == null || passwordFile.isBlank()) {
      throw new IllegalArgumentException(
          "no PostgreSQL password: set " + PASSWORD_KEY + " or " + PASSWORD_FILE_KEY);
    }
    try {
      return Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          PASSWORD_FILE_KEY + "=" + passwordFile + ": cannot read the password file: " + e, e);
    }
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /**
   * Opens a connection, or fails with a {@link PostgresUnavailableException} that says where it
   * tried to connect and why it could not (never the password).
   */
  public Connection connect() {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
    props.setProperty("connectTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
    try {
      return DriverManager.getConnection(jdbcUrl, props);
    } catch (SQLException e) {
      throw new PostgresUnavailableException(
          "cannot connect to PostgreSQL at " + jdbcUrl + " as " + user + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "PostgresSettings{" + jdbcUrl + " user=" + user + "}";
  }

  private static String require(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing setting " + key);
    }
    return value;
  }
}
