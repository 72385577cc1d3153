package dev.lantern.gateway.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The Redis that gateway replicas share limits, cooldowns and key changes through: LiteLLM's
 * {@code router_settings.redis_host}, {@code redis_port}, {@code redis_password}, or {@code
 * redis_url} ({@code redis://:password@host:6379/0}, {@code rediss://} for TLS).
 *
 * @param password never logged, never in {@link #toString()}
 * @param shown    {@code host:port}, as it may be logged
 */
public record RedisSettings(String host, int port, Optional<String> user, Optional<String> password, int database,
    boolean tls, String shown) {

  public static RedisSettings of(String host, int port, Optional<String> password) {
    if (host.isBlank()) {
      throw new IllegalArgumentException("redis_host is empty");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("redis_port must be between 1 and 65535, got " + port);
    }
    return new RedisSettings(host, port, Optional.empty(), password.filter(p -> !p.isEmpty()), 0, false,
        host + ":" + port);
  }

  /** @throws IllegalArgumentException saying what is wrong, never echoing the URL (it may hold the password) */
  public static RedisSettings parse(String url) {
    String lower = url.strip().toLowerCase(Locale.ROOT);
    if (!lower.startsWith("redis://") && !lower.startsWith("rediss://")) {
      throw new IllegalArgumentException("must look like redis://:password@host:6379/0 (or rediss:// for TLS)");
    }
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not a valid URL (a password with @, / or : must be percent-encoded)");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("names no host; use redis://:password@host:6379/0");
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (uri.getUserInfo() != null) {
      String info = uri.getUserInfo();
      int colon = info.indexOf(':');
      user = Optional.of(colon < 0 ? "" : info.substring(0, colon)).filter(u -> !u.isEmpty());
      password = Optional.of(colon < 0 ? info : info.substring(colon + 1)).filter(p -> !p.isEmpty());
    }
    int database = 0;
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      try {
        database = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("has a database that is not a number; use redis://host:6379/0");
      }
    }
    int port = uri.getPort() > 0 ? uri.getPort() : 6379;
    return new RedisSettings(uri.getHost(), port, user, password, database, lower.startsWith("rediss://"),
        uri.getHost() + ":" + port);
  }

  @Override
  public String toString() {
    return "RedisSettings[" + shown + "]";
  }
}
