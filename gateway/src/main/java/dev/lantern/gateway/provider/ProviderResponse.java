package dev.lantern.gateway.provider;

import tools.jackson.databind.JsonNode;

/**
 * A successful whole response in OpenAI's format.
 *
 * @param body the bytes to send to the client unchanged (no re-serialisation on the hot path)
 * @param json the same body parsed, for usage and checks
 */
public record ProviderResponse(byte[] body, JsonNode json, Usage usage) {}
