package dev.lantern.gateway.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link LimitCounters} in this process's memory: what each replica uses without Redis. */
public final class LocalCounters implements LimitCounters {
  private static final int MAX_SCOPES = 100_000;

  /** One scope's current minute; replaced, not reset, when the minute changes. */
  private record Minute(long index, java.util.concurrent.atomic.AtomicLong requests,
      java.util.concurrent.atomic.AtomicLong tokens) {
    Minute(long index) {
      this(index, new java.util.concurrent.atomic.AtomicLong(), new java.util.concurrent.atomic.AtomicLong());
    }
  }

  private final ConcurrentHashMap<String, Minute> minutes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicInteger> parallel = new ConcurrentHashMap<>();

  private Minute minute(String scope, long nowMillis) {
    long index = nowMillis / 60_000;
    Minute current = minutes.get(scope);
    if (current != null && current.index() == index) {
      return current;
    }
    if (minutes.size() > MAX_SCOPES) {
      minutes.values().removeIf(m -> m.index() < index);
    }
    return minutes.compute(scope, (s, old) -> old != null && old.index() == index ? old : new Minute(index));
  }

  @Override
  public boolean tryRequest(String scope, long limit, long nowMillis) {
    java.util.concurrent.atomic.AtomicLong requests = minute(scope, nowMillis).requests();
    while (true) {
      long seen = requests.get();
      if (seen >= limit) {
        return false;
      }
      if (requests.compareAndSet(seen, seen + 1)) {
        return true;
      }
    }
  }

  @Override
  public long requestsThisMinute(String scope, long nowMillis) {
    return minute(scope, nowMillis).requests().get();
  }

  @Override
  public long tokensThisMinute(String scope, long nowMillis) {
    return minute(scope, nowMillis).tokens().get();
  }

  @Override
  public void addTokens(String scope, long tokens, long nowMillis) {
    minute(scope, nowMillis).tokens().addAndGet(tokens);
  }

  @Override
  public Slot tryAcquireParallel(String scope, int limit) {
    AtomicInteger slots = parallel.computeIfAbsent(scope, s -> new AtomicInteger());
    while (true) {
      int taken = slots.get();
      if (taken >= limit) {
        return null;
      }
      if (slots.compareAndSet(taken, taken + 1)) {
        return () -> slots.updateAndGet(held -> Math.max(0, held - 1));
      }
    }
  }
}
