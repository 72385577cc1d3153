package dev.lantern.gateway.provider;

import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * One upstream deployment's API, bound to its base URL, key and model. The gateway speaks
 * OpenAI's format; a provider whose API differs (Anthropic, Gemini) translates in its own class
 * and registers one line in {@link Providers}.
 *
 * <p>Extras are capability interfaces (see {@link EmbeddingsProvider}), never "unsupported" stubs.
 */
public interface Provider {
  /** The provider name as in the config prefix ({@code openrouter}) and the api_provider label. */
  String name();

  /** The base URL calls go to, for the {@code x-litellm-model-api-base} header and metrics. */
  String apiBase();

  /**
   * A whole chat completion. The body is the client's request with {@code model} already set to
   * the upstream model.
   */
  ProviderResponse chat(ObjectNode body, Duration timeout) throws UpstreamException;

  /** A streamed chat completion; returns as soon as the upstream has accepted the call. */
  ProviderStream stream(ObjectNode body, Duration timeout) throws UpstreamException;
}
