package dev.lantern.gateway.routing;

import dev.lantern.gateway.provider.UpstreamException;

/** One try of a request on one deployment. */
@FunctionalInterface
public interface Attempt<T> {
  T call(Deployment deployment) throws UpstreamException;
}
