package dev.lantern.gateway.shared;

import dev.lantern.gateway.limits.LimitCounters;
import dev.lantern.gateway.limits.LocalCounters;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link LimitCounters} in Redis, so that an rpm limit of 10 means 10 across every replica. Each
 * check-and-count is one Lua script, atomic in Redis. When Redis is away each replica counts in
 * its own memory ({@link LocalCounters}) and never stops serving.
 */
public final class RedisCounters implements LimitCounters {
  private static final String PREFIX = "lantern:limits:";
  /** Counts KEYS[1] unless it has reached ARGV[1]; the window expires with ARGV[2] ms to spare. */
  private static final String TAKE = """
      local current = tonumber(redis.call('GET', KEYS[1]) or '0')
      if current >= tonumber(ARGV[1]) then return 0 end
      redis.call('INCR', KEYS[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 1""";
  private static final String ADD = """
      local total = redis.call('INCRBY', KEYS[1], ARGV[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return total""";
  /**
   * Parallel slots are members of a sorted set scored by when they were taken: one that was never
   * given back (its replica died, Redis blinked at the release) falls out after {@link #SLOT_TTL_MS}.
   * ARGV: limit, now, stale-before, slot id, key ttl.
   */
  private static final String ACQUIRE = """
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
      if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
      redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
      redis.call('PEXPIRE', KEYS[1], ARGV[5])
      return 1""";
  private static final String MINUTE_TTL = "120000";
  /** A slot never given back (a replica died holding it) is free again this long after it was taken. */
  private static final long SLOT_TTL_MS = 600_000;

  private final RedisLink redis;
  private final LocalCounters local = new LocalCounters();
  /** Two writers and a bounded queue: token counts never take more than their share of the pool. */
  private final ThreadPoolExecutor tokenWriter = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
      new ArrayBlockingQueue<>(10_000), Thread.ofPlatform().name("redis-tokens").daemon().factory());

  public RedisCounters(RedisLink redis) {
    this.redis = redis;
  }

  private static String minuteKey(String kind, String scope, long nowMillis) {
    return PREFIX + kind + ":" + scope + ":" + nowMillis / 60_000;
  }

  @Override
  public boolean tryRequest(String scope, long limit, long nowMillis) {
    return redis.call(r -> r.eval(TAKE, List.of(minuteKey("rpm", scope, nowMillis)),
            List.of(Long.toString(limit), MINUTE_TTL)))
        .map(taken -> ((Long) taken) == 1L)
        .orElseGet(() -> local.tryRequest(scope, limit, nowMillis));
  }

  @Override
  public long requestsThisMinute(String scope, long nowMillis) {
    return redis.call(r -> r.get(minuteKey("rpm", scope, nowMillis)))
        .map(Long::parseLong)
        .orElseGet(() -> redis.up() ? 0L : local.requestsThisMinute(scope, nowMillis));
  }

  @Override
  public long tokensThisMinute(String scope, long nowMillis) {
    return redis.call(r -> r.get(minuteKey("tpm", scope, nowMillis)))
        .map(Long::parseLong)
        .orElseGet(() -> redis.up() ? 0L : local.tokensThisMinute(scope, nowMillis));
  }

  /**
   * Counted off the request's path: the answer is already known, so the client need not wait for
   * Redis (a round trip of about 0.15 ms here). The next check may miss these tokens by that much.
   */
  @Override
  public void addTokens(String scope, long tokens, long nowMillis) {
    try {
      tokenWriter.execute(() -> {
        if (redis.call(r -> r.eval(ADD, List.of(minuteKey("tpm", scope, nowMillis)),
            List.of(Long.toString(tokens), MINUTE_TTL))).isEmpty()) {
          local.addTokens(scope, tokens, nowMillis);
        }
      });
    } catch (RejectedExecutionException backlog) {
      local.addTokens(scope, tokens, nowMillis); // Redis is slower than the calls: count here
    }
  }

  @Override
  public Slot tryAcquireParallel(String scope, int limit) {
    String key = PREFIX + "parallel:" + scope;
    String id = UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    Optional<Object> taken = redis.call(r -> r.eval(ACQUIRE, List.of(key), List.of(Integer.toString(limit),
        Long.toString(now), Long.toString(now - SLOT_TTL_MS), id, Long.toString(SLOT_TTL_MS))));
    if (taken.isEmpty()) {
      return local.tryAcquireParallel(scope, limit); // Redis is away: this replica's own slots
    }
    if (((Long) taken.get()) != 1L) {
      return null;
    }
    return () -> redis.call(r -> r.zrem(key, id));
  }
}
