package dev.lantern.gateway.routing;

/**
 * The result of a routed call and the deployment that served it.
 *
 * @param attemptStartNanos when the successful attempt began (for latency and time to first token)
 */
public record Routed<T>(T value, Deployment deployment, String group, long attemptStartNanos) {}
