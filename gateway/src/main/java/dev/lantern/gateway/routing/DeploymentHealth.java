package dev.lantern.gateway.routing;

import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.UpstreamException;
import java.util.ArrayDeque;

/**
 * The recent failures of one deployment and whether it is cooling down. A deployment cools down
 * when it fails {@code allowed_fails} times within a minute, at once on a 429 in a group of
 * several deployments, or at once when the upstream rejects the deployment itself (bad key, model
 * gone: LiteLLM does the same for 401 and 404).
 */
final class DeploymentHealth {
  private static final long WINDOW_NANOS = 60_000_000_000L;

  /** Values of LiteLLM's {@code litellm_deployment_state} gauge. */
  static final int HEALTHY = 0;
  static final int PARTIAL_OUTAGE = 1;
  static final int OUTAGE = 2;

  private final ArrayDeque<Long> failures = new ArrayDeque<>();
  private long coolUntil = Long.MIN_VALUE;
  private boolean cooling;
  private String lastFailure;
  private int state = HEALTHY;

  /** Records a failure; returns true when this failure starts a cooldown. */
  synchronized boolean failed(long now, UpstreamException failure, boolean severalDeployments,
      int allowedFails, long cooldownNanos) {
    lastFailure = failure.getMessage();
    state = PARTIAL_OUTAGE;
    while (!failures.isEmpty() && now - failures.peekFirst() > WINDOW_NANOS) {
      failures.pollFirst();
    }
    failures.addLast(now);
    FailureKind kind = failure.kind();
    boolean coolNow = failures.size() >= allowedFails
        || (kind == FailureKind.RATE_LIMITED && severalDeployments)
        || kind == FailureKind.DEPLOYMENT_REJECTED;
    if (!coolNow || cooldownNanos <= 0) {
      return false;
    }
    coolUntil = now + cooldownNanos;
    cooling = true;
    state = OUTAGE;
    failures.clear();
    return true;
  }

  synchronized void succeeded() {
    state = HEALTHY;
  }

  synchronized boolean coolingDown(long now) {
    if (cooling && now - coolUntil >= 0) {
      cooling = false;
    }
    return cooling;
  }

  synchronized long coolingNanosLeft(long now) {
    return coolingDown(now) ? coolUntil - now : 0;
  }

  synchronized String lastFailure() {
    return lastFailure;
  }

  synchronized int state() {
    return state;
  }
}
