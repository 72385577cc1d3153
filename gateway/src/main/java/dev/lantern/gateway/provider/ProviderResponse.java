package dev.lantern.gateway.provider;

/**
 * A successful whole response in OpenAI's format.
 *
 * @param body       the bytes to send to the client unchanged (no re-serialisation on the hot path)
 * @param rateLimits what the upstream said of its remaining requests and tokens, if anything
 */
public record ProviderResponse(byte[] body, Usage usage, RateLimits rateLimits) {}
