package dev.lantern.gateway.provider;

/**
 * A successful whole response in OpenAI's format.
 *
 * @param body the bytes to send to the client unchanged (no re-serialisation on the hot path)
 */
public record ProviderResponse(byte[] body, Usage usage) {}
