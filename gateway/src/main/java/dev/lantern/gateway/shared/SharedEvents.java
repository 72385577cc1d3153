package dev.lantern.gateway.shared;

import dev.lantern.gateway.keys.KeyDirectory;
import dev.lantern.gateway.provider.UpstreamException;
import dev.lantern.gateway.routing.Deployment;
import dev.lantern.gateway.routing.RouterListener;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * What one replica tells the others through a Redis channel: a deployment started a cooldown
 * (so the others stop sending it calls too, instead of each finding the limit for itself), and a
 * key or team changed (so a blocked key stops at once, before the database poll). Each message
 * is {@code <replica> <kind> <id> [<ms>]}; a replica ignores its own.
 */
public final class SharedEvents implements RouterListener, KeyDirectory.Changes, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SharedEvents.class);
  static final String CHANNEL = "lantern:gateway:events";

  private final RedisLink redis;
  private final String replica = UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, Deployment> deployments;
  private final KeyDirectory directory;
  private final Thread subscriber;
  private volatile boolean closed;
  private final JedisPubSub handler = new JedisPubSub() {
    @Override
    public void onMessage(String channel, String message) {
      receive(message);
    }
  };

  /** @param directory null on a gateway without keys */
  public SharedEvents(RedisLink redis, Map<String, Deployment> deployments, KeyDirectory directory) {
    this.redis = redis;
    this.deployments = Map.copyOf(deployments);
    this.directory = directory;
    this.subscriber = Thread.ofPlatform().name("redis-events").daemon().start(this::listen);
  }

  @Override
  public void cooledDown(Deployment deployment, UpstreamException failure) {
    long millis = deployment.coolingLeft().toMillis();
    if (millis > 0) {
      publish("cooldown " + deployment.id() + " " + millis);
    }
  }

  @Override
  public void keyChanged(String token) {
    publish("key " + token);
  }

  @Override
  public void teamChanged(String teamId) {
    publish("team " + teamId);
  }

  private void publish(String event) {
    redis.call(r -> r.publish(CHANNEL, replica + " " + event));
  }

  void receive(String message) {
    String[] parts = message.split(" ");
    if (parts.length < 3 || parts[0].equals(replica)) {
      return;
    }
    switch (parts[1]) {
      case "cooldown" -> {
        Deployment deployment = deployments.get(parts[2]);
        if (deployment != null && parts.length == 4) {
          long millis = Math.min(parseOrZero(parts[3]), Duration.ofHours(1).toMillis());
          deployment.coolDownFor(Duration.ofMillis(millis), "another gateway replica saw it fail");
        }
      }
      case "key" -> {
        if (directory != null) {
          directory.reloadKey(parts[2]);
        }
      }
      case "team" -> {
        if (directory != null) {
          directory.reloadTeam(parts[2]);
        }
      }
      default -> LOG.debug("ignoring an unknown shared event kind {}", parts[1]);
    }
  }

  private static long parseOrZero(String number) {
    try {
      return Long.parseLong(number);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Subscribes on its own connection, and again after Redis comes back. */
  private void listen() {
    while (!closed) {
      // A subscription blocks on its socket: no read timeout for it.
      DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().from(redis.clientConfig())
          .socketTimeoutMillis(0).build();
      try (RedisClient client = RedisClient.builder()
          .hostAndPort(redis.settings().host(), redis.settings().port()).clientConfig(config).build()) {
        client.subscribe(handler, CHANNEL);
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.debug("redis subscription lost: {}", e.getMessage());
        }
      }
      sleepQuietly(1_000);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (handler.isSubscribed()) {
        handler.unsubscribe();
      }
    } catch (RuntimeException e) {
      // Redis is gone: the thread ends on its own
    }
    subscriber.interrupt();
  }
}
