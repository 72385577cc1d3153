package dev.lantern.gateway.provider.openai;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.provider.ProviderStream;
import dev.lantern.gateway.provider.RateLimits;
import dev.lantern.gateway.provider.SseEvent;
import dev.lantern.gateway.provider.UpstreamErrors;
import dev.lantern.gateway.provider.UpstreamEvents;
import dev.lantern.gateway.provider.UpstreamException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An OpenAI-format stream as the upstream sends it: its events pass through unchanged, except
 * that an error inside the stream (OpenRouter's {@code data: {"error": {...}}}) becomes a failure.
 */
final class SseStream implements ProviderStream {
  private final String who;
  private final String secret;
  private final UpstreamEvents events;
  private final RateLimits rateLimits;

  SseStream(String who, UpstreamEvents events, String secret, RateLimits rateLimits) {
    this.who = who;
    this.events = events;
    this.secret = secret;
    this.rateLimits = rateLimits;
  }

  @Override
  public RateLimits rateLimits() {
    return rateLimits;
  }

  @Override
  public SseEvent next() throws UpstreamException {
    SseEvent event = events.next();
    if (event != null) {
      throwIfError(event);
    }
    return event;
  }

  /** OpenRouter reports failures inside the stream as {@code data: {"error": {...}}}. */
  private void throwIfError(SseEvent event) throws UpstreamException {
    String data = event.data();
    if (data == null || !data.contains("\"error\"")) {
      return;
    }
    JsonNode chunk;
    try {
      chunk = Json.MAPPER.readTree(data);
    } catch (JacksonException notJson) {
      return;
    }
    JsonNode error = chunk.get("error");
    if (error != null && !error.isNull()) {
      close();
      throw UpstreamErrors.fromErrorObject(who, error, secret);
    }
  }

  @Override
  public void close() {
    events.close();
  }
}
