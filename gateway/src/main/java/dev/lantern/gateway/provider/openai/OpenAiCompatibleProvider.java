package dev.lantern.gateway.provider.openai;

import dev.lantern.gateway.config.Credential;
import dev.lantern.gateway.config.DeploymentConfig;
import dev.lantern.gateway.provider.ApiBase;
import dev.lantern.gateway.provider.EmbeddingsProvider;
import dev.lantern.gateway.provider.Endpoint;
import dev.lantern.gateway.provider.ProviderContext;
import dev.lantern.gateway.provider.ProviderFactory;
import dev.lantern.gateway.provider.ProviderResponse;
import dev.lantern.gateway.provider.ProviderStream;
import dev.lantern.gateway.provider.UpstreamException;
import dev.lantern.gateway.provider.UpstreamHttp;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every OpenAI-compatible upstream (OpenRouter, OpenAI, Groq, Mistral, DeepSeek, Together,
 * Fireworks, Gemini, Ollama, vLLM, llama.cpp, LM Studio, any api_base): a profile's base URL, key
 * and dialect over the one {@link OpenAiClient}.
 */
public final class OpenAiCompatibleProvider implements EmbeddingsProvider {
  private final OpenAiProfile profile;
  private final String apiBase;
  private final URI chatUri;
  private final URI embeddingsUri;
  private final OpenAiClient client;

  private OpenAiCompatibleProvider(OpenAiProfile profile, DeploymentConfig deployment, ProviderContext context) {
    this.profile = profile;
    ApiBase base = apiBase(profile, deployment, context.env());
    this.apiBase = base.url();

    Credential key = effectiveKey(profile, deployment.apiKey(), context.env());
    String secret = key.value().orElse(null);
    // A hosted API needs its key; a server the user pointed at with api_base (llama.cpp, a proxy)
    // often needs none, so only a key named in config and missing from the environment is fatal.
    boolean needsKey = profile.keyRequired() && deployment.apiBase().isEmpty() || deployment.apiKey().isMissing();
    String missingKey = key.isMissing() && needsKey
        ? "model '" + deployment.modelName() + "' (" + deployment.model() + ") has no API key: set the environment variable "
            + key.envVar().orElseThrow() + " and restart the gateway"
        : null;

    Map<String, String> headers = new LinkedHashMap<>(profile.defaultHeaders(context.env()));
    headers.putAll(UpstreamHttp.extraHeaders(deployment));
    if (secret != null) {
      headers.put("Authorization", "Bearer " + secret);
    } else {
      // http://user:pass@host/v1: the credentials go in a header, never in the shown URL.
      base.basicAuthorization().ifPresent(basic -> headers.put("Authorization", basic));
    }
    this.chatUri = URI.create(apiBase + Endpoint.CHAT_COMPLETIONS.path());
    this.embeddingsUri = URI.create(apiBase + Endpoint.EMBEDDINGS.path());
    this.client = new OpenAiClient(context.http(), deployment.model(), headers, secret, missingKey, profile.dialect());
  }

  public static ProviderFactory factory(OpenAiProfile profile) {
    return (deployment, context) -> new OpenAiCompatibleProvider(profile, deployment, context);
  }

  @Override
  public String name() {
    return profile.name();
  }

  @Override
  public String apiBase() {
    return apiBase;
  }

  @Override
  public ProviderResponse chat(ObjectNode body, Duration timeout) throws UpstreamException {
    return client.chat(chatUri, withModel(body), timeout);
  }

  @Override
  public ProviderStream stream(ObjectNode body, Duration timeout) throws UpstreamException {
    return client.stream(chatUri, withModel(body), timeout);
  }

  @Override
  public ProviderResponse embeddings(ObjectNode body, Duration timeout) throws UpstreamException {
    return client.embeddings(embeddingsUri, withModel(body), timeout);
  }

  /** The body as this upstream names the model (Fireworks: accounts/fireworks/models/...). */
  private ObjectNode withModel(ObjectNode body) {
    String model = body.path("model").asString("");
    String named = profile.upstreamModel(model);
    if (named.equals(model)) {
      return body;
    }
    ObjectNode copy = body.objectNode();
    copy.setAll(body);
    return copy.put("model", named);
  }


  private static ApiBase apiBase(OpenAiProfile profile, DeploymentConfig deployment, Map<String, String> env) {
    String base = ApiBase.configuredOrFromEnv(deployment.apiBase(), profile.baseEnvVars(), env)
        .orElse(profile.defaultApiBase());
    return ApiBase.parse(base, profile.name(), "http://vllm:8000/v1").withSuffix(profile.apiPathSuffix());
  }

  private static Credential effectiveKey(OpenAiProfile profile, Credential configured, Map<String, String> env) {
    return configured.orFromEnv(profile.keyEnvVars(), env);
  }
}
