package dev.lantern.gateway.routing;

import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.UpstreamException;
import java.util.ArrayDeque;

/**
 * The recent failures of one deployment and whether it is cooling down. A deployment cools down
 * when it fails {@code allowed_fails} times within a minute, at once on a 429 in a group of
 * several deployments, or at once when the upstream rejects the deployment itself (bad key, model
 * gone: LiteLLM does the same for 401 and 404).
 *
 * <p>Only failures of the deployment count. A request the upstream refuses as malformed, too long
 * or against its policy says nothing about the deployment, so one client cannot cool a model down
 * for everybody.
 */
final class DeploymentHealth {
  private static final long WINDOW_NANOS = 60_000_000_000L;

  /** Values of LiteLLM's {@code litellm_deployment_state} gauge. */
  static final int HEALTHY = 0;
  static final int PARTIAL_OUTAGE = 1;
  static final int OUTAGE = 2;

  private final ArrayDeque<Long> failures = new ArrayDeque<>();
  private long coolUntil;
  private boolean cooling;
  private String lastFailure;
  private boolean lastCallFailed;

  /** Records a failure; returns true when this failure starts a cooldown. */
  synchronized boolean failed(long now, UpstreamException failure, boolean severalDeployments,
      int allowedFails, long cooldownNanos) {
    FailureKind kind = failure.kind();
    if (!countsAgainstDeployment(kind)) {
      return false;
    }
    lastFailure = failure.getMessage();
    lastCallFailed = true;
    if (coolingDown(now)) {
      return false; // calls that were in flight when the cooldown began do not extend it
    }
    while (!failures.isEmpty() && now - failures.peekFirst() > WINDOW_NANOS) {
      failures.pollFirst();
    }
    failures.addLast(now);
    boolean coolNow = failures.size() >= allowedFails
        || (kind == FailureKind.RATE_LIMITED && severalDeployments)
        || kind == FailureKind.DEPLOYMENT_REJECTED;
    if (!coolNow || cooldownNanos <= 0) {
      return false;
    }
    coolUntil = now + cooldownNanos;
    cooling = true;
    failures.clear();
    return true;
  }

  /** A cooldown another replica started: it ends when that one's does, and never shortens ours. */
  synchronized void coolFor(long now, long nanos, String cause) {
    if (nanos <= 0) {
      return;
    }
    if (!coolingDown(now) || coolUntil - now < nanos) {
      coolUntil = now + nanos;
    }
    cooling = true;
    lastFailure = cause;
    lastCallFailed = true;
    failures.clear();
  }

  synchronized void succeeded() {
    lastCallFailed = false;
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

  /** 2 while cooling down, 1 after a failure until the next success, else 0. */
  synchronized int state(long now) {
    if (coolingDown(now)) {
      return OUTAGE;
    }
    return lastCallFailed ? PARTIAL_OUTAGE : HEALTHY;
  }

  private static boolean countsAgainstDeployment(FailureKind kind) {
    return kind.retryable() || kind == FailureKind.DEPLOYMENT_REJECTED;
  }
}
