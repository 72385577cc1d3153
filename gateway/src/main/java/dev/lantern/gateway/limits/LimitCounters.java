package dev.lantern.gateway.limits;

/**
 * Per-minute request and token counts and parallel requests, by scope ({@code key:<hash>},
 * {@code team:<id>}, {@code deployment:<id>}). Windows are fixed calendar minutes, as LiteLLM's.
 * This replica's counters are {@link LocalCounters}; the Redis ones, shared by every replica,
 * implement the same interface, so virtual keys and deployments count the same way.
 */
public interface LimitCounters {

  /** Counts a request in the current minute unless {@code limit} are already counted; false when full. */
  boolean tryRequest(String scope, long limit, long nowMillis);

  long requestsThisMinute(String scope, long nowMillis);

  long tokensThisMinute(String scope, long nowMillis);

  void addTokens(String scope, long tokens, long nowMillis);

  /** Takes one of {@code limit} parallel slots; null when all are taken. */
  Slot tryAcquireParallel(String scope, int limit);

  /** A parallel slot, given back where it was taken (this replica's memory or Redis). */
  interface Slot {
    void release();
  }

  /** The scope a key's limits count under; with the two below, the one naming of scopes. */
  static String keyScope(String token) {
    return "key:" + token;
  }

  static String teamScope(String teamId) {
    return "team:" + teamId;
  }

  /** A deployment's own {@code rpm}/{@code tpm}, by its {@code model_info.id} (the same on every replica). */
  static String deploymentScope(String deploymentId) {
    return "deployment:" + deploymentId;
  }

  /** Seconds until the current minute ends: the {@code Retry-After} for a per-minute limit. */
  static long secondsToNextMinute(long nowMillis) {
    return Math.max(1, (60_000 - nowMillis % 60_000 + 999) / 1_000);
  }
}
