package dev.lantern.gateway.routing;

import dev.lantern.gateway.provider.UpstreamException;

/** One try of a request on one deployment, for the model the router chose ({@link Target}). */
@FunctionalInterface
public interface Attempt<T> {
  T call(Target target) throws UpstreamException;
}
