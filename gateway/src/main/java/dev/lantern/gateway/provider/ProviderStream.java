package dev.lantern.gateway.provider;

/**
 * A streamed chat completion as OpenAI-format events, read one at a time as they arrive. Closing
 * it releases the upstream connection (the client went away, or the gateway has seen enough).
 */
public interface ProviderStream extends AutoCloseable {
  /**
   * The next event, or null at the end of the stream.
   *
   * @throws UpstreamException when the connection drops or the upstream is silent past the timeout
   */
  SseEvent next() throws UpstreamException;

  /** What the upstream said of its remaining requests and tokens when it accepted the stream. */
  default RateLimits rateLimits() {
    return RateLimits.NONE;
  }

  @Override
  void close();
}
