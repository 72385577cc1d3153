package dev.lantern.gateway.provider;

import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/** A provider that can also create embeddings ({@code POST /v1/embeddings}). */
public interface EmbeddingsProvider extends Provider {
  ProviderResponse embeddings(ObjectNode body, Duration timeout) throws UpstreamException;
}
