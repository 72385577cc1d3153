package dev.lantern.gateway.shared;

import dev.lantern.gateway.config.RedisSettings;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The connection to the Redis that replicas share. Every use goes through {@link #call}, which
 * answers empty instead of failing when Redis is away: callers then use their local state. The
 * loss and the return are each logged once; while it is away, it is tried again at most every
 * two seconds, so a dead Redis costs the hot path nothing.
 */
public final class RedisLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
  private static final long RETRY_NANOS = 2_000_000_000L;

  private final RedisSettings settings;
  private final JedisClientConfig clientConfig;
  private final RedisClient client;
  private volatile boolean up = true;
  private volatile long downSince;

  public RedisLink(RedisSettings settings) {
    this.settings = settings;
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .clientName("lantern-gateway")
        .connectionTimeoutMillis(500)
        .socketTimeoutMillis(500)
        .database(settings.database())
        .ssl(settings.tls());
    settings.user().ifPresent(config::user);
    settings.password().ifPresent(config::password);
    this.clientConfig = config.build();
    // Jedis's default pool holds 8 connections; under load every request that checks a limit would
    // queue for one. Redis round trips are short, so 32 cover far more requests in flight.
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(32);
    pool.setMaxIdle(32);
    pool.setMinIdle(1);
    pool.setMaxWait(java.time.Duration.ofMillis(500));
    this.client = RedisClient.builder().hostAndPort(settings.host(), settings.port()).clientConfig(clientConfig)
        .poolConfig(pool).build();
    if (call(UnifiedJedis::ping).isPresent()) {
      LOG.info("sharing limits, cooldowns and key changes through Redis at {}", settings.shown());
    }
  }

  public RedisSettings settings() {
    return settings;
  }

  /** The client config, for the subscriber's own connection (pub/sub holds one for itself). */
  JedisClientConfig clientConfig() {
    return clientConfig;
  }

  public boolean up() {
    return up;
  }

  /** Runs a command; empty when Redis is away (now, or within the last two seconds). */
  public <T> Optional<T> call(Function<UnifiedJedis, T> command) {
    if (!up && System.nanoTime() - downSince < RETRY_NANOS) {
      return Optional.empty();
    }
    try {
      T result = command.apply(client);
      if (!up) {
        up = true;
        LOG.warn("Redis at {} is back: limits and cooldowns are shared again", settings.shown());
      }
      return Optional.ofNullable(result);
    } catch (JedisException e) {
      if (up) {
        LOG.warn("Redis at {} is unavailable ({}): each replica uses its own limits until it is back",
            settings.shown(), e.getMessage());
      }
      up = false;
      downSince = System.nanoTime();
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
