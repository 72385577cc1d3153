package dev.lantern.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the gateway keeps virtual keys, teams and spend: SQLite under {@code LANTERN_HOME} unless
 * {@code general_settings.database_url} (or {@code DATABASE_URL}) names a PostgreSQL server.
 *
 * @param jdbcUrl     the JDBC URL, without credentials
 * @param user        the database user, when the URL had one
 * @param password    its password; never logged, never in {@link #toString()}
 * @param shown       the URL as it may be logged and shown on /health/readiness
 * @param allowRequestsWhenDown {@code general_settings.allow_requests_on_db_unavailable}: virtual keys
 *                    the gateway has not seen yet are let through (without limits) while the database is down
 * @param batchWriteInterval {@code general_settings.proxy_batch_write_at}: how often spend is written
 * @param spendLogs   false with {@code general_settings.disable_spend_logs: true}: key and team spend
 *                    still count, but no per-call rows are kept
 */
public record DatabaseSettings(String jdbcUrl, Optional<String> user, Optional<String> password, String shown,
    boolean allowRequestsWhenDown, java.time.Duration batchWriteInterval, boolean spendLogs) {

  /** LiteLLM's default for {@code proxy_batch_write_at}. */
  public static final java.time.Duration DEFAULT_BATCH_WRITE = java.time.Duration.ofSeconds(10);

  public boolean postgres() {
    return jdbcUrl.startsWith("jdbc:postgresql:");
  }

  /** The default store: {@code LANTERN_HOME/gateway.db}. */
  public static DatabaseSettings sqlite(Path file, boolean allowRequestsWhenDown, java.time.Duration batch, boolean spendLogs) {
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    return new DatabaseSettings(url, Optional.empty(), Optional.empty(), url, allowRequestsWhenDown, batch, spendLogs);
  }

  /**
   * Reads a {@code database_url} as LiteLLM takes it ({@code postgresql://user:password@host:5432/db}),
   * or as JDBC ({@code jdbc:postgresql://...}, {@code jdbc:sqlite:/path}), or {@code sqlite:/path}.
   *
   * @throws IllegalArgumentException with what is wrong and what would work
   */
  public static DatabaseSettings parse(String url, boolean allowRequestsWhenDown, java.time.Duration batch,
      boolean spendLogs) {
    String trimmed = url.strip();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:") || lower.startsWith("sqlite:")) {
      String path = trimmed.substring(trimmed.indexOf("sqlite:") + 7).replaceFirst("^//", "");
      if (path.isBlank()) {
        throw new IllegalArgumentException("names no file; use sqlite:/path/to/gateway.db");
      }
      return sqlite(Path.of(path), allowRequestsWhenDown, batch, spendLogs);
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return new DatabaseSettings(trimmed, Optional.empty(), Optional.empty(), withoutQuery(trimmed),
          allowRequestsWhenDown, batch, spendLogs);
    }
    if (!lower.startsWith("postgresql://") && !lower.startsWith("postgres://")) {
      throw new IllegalArgumentException("is not a database URL Lantern can use; use postgresql://user:password@host:5432/db "
          + "or sqlite:/path/to/gateway.db");
    }
    URI uri;
    try {
      uri = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      // Never echo the URL: it holds the password.
      throw new IllegalArgumentException("is not a valid URL (a password with @, / or : must be percent-encoded)");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("names no host; use postgresql://user:password@host:5432/db");
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String userInfo = uri.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = Optional.of(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? Optional.empty() : Optional.of(userInfo.substring(colon + 1));
    }
    String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "/postgres" : uri.getPath();
    String jdbc = "jdbc:postgresql://" + hostPort + database + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
    String shown = "postgresql://" + user.map(u -> u + "@").orElse("") + hostPort + database;
    return new DatabaseSettings(jdbc, user, password, shown, allowRequestsWhenDown, batch, spendLogs);
  }

  private static String withoutQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  @Override
  public String toString() {
    return "DatabaseSettings[" + shown + "]";
  }
}
