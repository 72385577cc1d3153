package dev.lantern.gateway.routing;

import dev.lantern.gateway.provider.UpstreamException;

/** What the router reports as it works, so metrics stay out of routing logic. */
public interface RouterListener {
  /** One attempt on one deployment failed (before any byte reached the client). */
  default void attemptFailed(Target target, UpstreamException failure, CallContext context, long latencyNanos) {}

  /** The deployment starts a cooldown because of this failure. */
  default void cooledDown(Deployment deployment, UpstreamException failure) {}

  /** A fallback from the requested group to {@code fallbackGroup} succeeded or failed. */
  default void fallback(String requestedGroup, String fallbackGroup, UpstreamException cause, boolean succeeded, CallContext context) {}

  /** Tells {@code first}, then {@code second}. */
  static RouterListener both(RouterListener first, RouterListener second) {
    return new RouterListener() {
      @Override
      public void attemptFailed(Target target, UpstreamException failure, CallContext context, long latencyNanos) {
        first.attemptFailed(target, failure, context, latencyNanos);
        second.attemptFailed(target, failure, context, latencyNanos);
      }

      @Override
      public void cooledDown(Deployment deployment, UpstreamException failure) {
        first.cooledDown(deployment, failure);
        second.cooledDown(deployment, failure);
      }

      @Override
      public void fallback(String requestedGroup, String fallbackGroup, UpstreamException cause, boolean succeeded,
          CallContext context) {
        first.fallback(requestedGroup, fallbackGroup, cause, succeeded, context);
        second.fallback(requestedGroup, fallbackGroup, cause, succeeded, context);
      }
    };
  }
}
